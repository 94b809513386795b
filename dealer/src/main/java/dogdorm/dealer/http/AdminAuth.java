package dogdorm.dealer.http;

import dogdorm.common.Addresses;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Guards the admin pages and API (heartbeat tokens). With credentials ({@code --admin-user},
 * {@code --admin-password-file}) a request needs HTTP basic auth: 401 and a {@code WWW-Authenticate} challenge
 * otherwise. User and password are compared in constant time (SHA-256 digests, so not even their lengths leak).
 * Without credentials the dealer only starts on a loopback address ({@code DealerConfig}) and these pages are
 * open, but only to requests whose {@code Host} is a loopback name: a web page elsewhere cannot reach them by
 * pointing its own DNS name at 127.0.0.1 (DNS rebinding).
 */
public final class AdminAuth implements Handler {
    private static final String REALM = "Basic realm=\"Dogdorm admin\", charset=\"UTF-8\"";

    private final byte[] user;
    private final byte[] password;

    /** @param password null: no credentials (loopback only) */
    public AdminAuth(String user, String password) {
        this.user = password == null ? null : sha256(user);
        this.password = password == null ? null : sha256(password);
    }

    public boolean open() {
        return password == null;
    }

    @Override
    public void handle(Context ctx) {
        if (password == null) {
            if (!isLoopbackHost(ctx.header("Host"))) {
                throw new ApiError(403, "the admin pages have no credentials (--admin-password-file), so they "
                        + "answer only requests for a loopback host name such as 127.0.0.1 or localhost");
            }
            return;
        }
        String h = ctx.header("Authorization");
        boolean ok = false;
        if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon >= 0) {
                // both compared, always: no early return tells which one was wrong
                boolean userOk = MessageDigest.isEqual(sha256(decoded.substring(0, colon)), user);
                boolean passwordOk = MessageDigest.isEqual(sha256(decoded.substring(colon + 1)), password);
                ok = userOk & passwordOk;
            }
        }
        if (!ok) {
            ctx.header("WWW-Authenticate", REALM);
            throw new ApiError(401, h == null ? "admin credentials required (HTTP basic auth)"
                    : "wrong admin user or password");
        }
    }

    /** Whether a Host header names this machine's loopback: localhost, 127.x.y.z or [::1], with any port. */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && h.substring(1, end).equals("::1");
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
