package dogdorm.common;

import java.util.Locale;
import java.util.regex.Pattern;

/** DNS host names as lists and configs give them: checked label by label and written one way. */
public final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    /** A last label that makes a name an IPv4 address in another form (WHATWG URL's "ends in a number"). */
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    private HostNames() {}

    /**
     * The name in lower case without a trailing dot; refused (naming the text) when it is empty, longer than 253
     * characters, has a label that is empty, longer than 63 characters, or not letters, digits, '-' and '_', or ends
     * in a number (an IPv4 address in another form: {@code 2130706433}, {@code 0177.0.0.1}, {@code 127.1}).
     */
    public static String normalize(String text) {
        String h = text.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.length() > 253) {
            throw new IllegalArgumentException("host " + Visible.quoted(text) + " is not a valid host name (length)");
        }
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("host " + Visible.quoted(text) + " is not a valid host name");
            }
        }
        if (NUMBER.matcher(labels[labels.length - 1]).matches()) {
            // 2130706433, 0177.0.0.1, 127.1, 0x7f.1: resolvers and browsers read these as IPv4 addresses, and the
            // address policy would judge the name, not the address a lookup turns it into
            throw new IllegalArgumentException("host " + Visible.quoted(text) + " is a number, not a host name "
                    + "(an IPv4 address written in another form?): write an IP address as four decimal numbers, 192.0.2.1");
        }
        return h;
    }
}
