package dogdorm.dealer.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where and how an e-mail receiver sends: an SMTP server ({@code host}, {@code port}; 587 with STARTTLS, 25
 * without, when not given), whether the connection must be upgraded with STARTTLS before anything else is said
 * (refused when the server does not offer it: a password never crosses in clear by surprise), an optional login,
 * and the sender and recipients. {@link #toString()} never shows the password.
 */
public record EmailSettings(String host, int port, boolean starttls, String user, String password, String from,
                            List<String> to) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"()\\[\\]]{1,64}@[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    public EmailSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("email.host: missing");
        }
        host = host.strip();
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("email.host: '" + Secrets.shorten(host) + "' is not a host name or "
                    + "address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("email.port: " + port + " is outside 1..65535");
        }
        user = user == null || user.isBlank() ? null : user.strip();
        password = password == null || password.isEmpty() ? null : password;
        if (password != null && user == null) {
            throw new IllegalArgumentException("email.password: given without email.user");
        }
        from = address("email.from", from);
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("email.to: missing (one address or more)");
        }
        if (to.size() > 50) {
            throw new IllegalArgumentException("email.to: " + to.size() + " addresses, at most 50");
        }
        String[] checked = new String[to.size()];
        for (int i = 0; i < to.size(); i++) {
            checked[i] = address("email.to[" + i + "]", to.get(i));
        }
        to = List.of(checked);
    }

    /** The port an SMTP server listens on for mail submission: 587 with STARTTLS, 25 without. */
    public static int defaultPort(boolean starttls) {
        return starttls ? 587 : 25;
    }

    private static String address(String field, String given) {
        if (given == null || given.isBlank()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        String a = given.strip();
        if (!ADDRESS.matcher(a).matches()) {
            throw new IllegalArgumentException(field + ": '" + Secrets.shorten(a) + "' is not an e-mail address "
                    + "such as ops@example.com");
        }
        try {
            new InternetAddress(a, true).validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException(field + ": '" + Secrets.shorten(a) + "' is not an e-mail address ("
                    + e.getMessage() + ")");
        }
        return a;
    }

    public boolean hasPassword() {
        return password != null;
    }

    /** The same settings with another password (null: none). */
    public EmailSettings withPassword(String p) {
        return new EmailSettings(host, port, starttls, user, p, from, to);
    }

    @Override
    public String toString() {
        return "EmailSettings[" + host + ":" + port + (starttls ? " starttls" : "") + (user == null ? "" : " user "
                + user) + (password == null ? "" : " with a password") + " from " + from + " to " + to + "]";
    }
}
