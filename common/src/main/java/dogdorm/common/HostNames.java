package dogdorm.common;

import java.util.Locale;
import java.util.regex.Pattern;

/** DNS host names as lists and configs give them: checked label by label and written one way. */
public final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private HostNames() {}

    /**
     * The name in lower case without a trailing dot; refused (naming the text) when it is empty, longer than 253
     * characters, or has a label that is empty, longer than 63 characters, or not letters, digits, '-' and '_'.
     */
    public static String normalize(String text) {
        String h = text.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.length() > 253) {
            throw new IllegalArgumentException("host '" + text + "' is not a valid host name (length)");
        }
        for (String label : h.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("host '" + text + "' is not a valid host name");
            }
        }
        return h;
    }
}
