package dogdorm.dealer.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cross-site request forgery protection for the admin pages: a signed double-submit token. A browser gets a random
 * cookie ({@value #COOKIE}, HttpOnly, SameSite=Strict); every form carries, in a hidden field {@value #FIELD}, an
 * HMAC-SHA256 of that cookie under a key only this dealer process knows. A change (every POST of the pages) is
 * refused with 403 unless the field matches the cookie (compared in constant time). Another site can neither read
 * the field nor compute it, and a cookie it plants is useless without the key.
 *
 * <p>The JSON API is for programs: its POSTs must be {@code Content-Type: application/json} (a browser cannot send
 * that to another site without a CORS preflight, which the dealer never grants) or carry the token in
 * {@value #HEADER}; PUT and DELETE cannot be sent across sites at all.
 */
public final class Csrf {
    public static final String COOKIE = "dogdorm_csrf";
    public static final String FIELD = "csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final SecureRandom random;

    public Csrf(SecureRandom random) {
        this.random = random;
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    /** The token for this browser's forms; gives the browser its cookie first if it has none. */
    public String tokenFor(Context ctx) {
        String seed = ctx.cookie(COOKIE);
        if (seed == null || !seed.matches("[A-Za-z0-9_-]{43}")) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            seed = B64.encodeToString(b);
            Cookie c = new Cookie(COOKIE, seed, "/", -1, false, true, null, SameSite.STRICT);
            ctx.cookie(c);
        }
        return sign(seed);
    }

    /** Before-handler for the pages: every POST needs the form field (or header) that matches its cookie. */
    public void checkForm(Context ctx) {
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        String given = ctx.header(HEADER);
        if (given == null) {
            given = ctx.formParam(FIELD);
        }
        if (!valid(ctx.cookie(COOKIE), given)) {
            throw new ApiError(403, "missing or wrong CSRF token: reload the page and try again");
        }
    }

    /** Before-handler for the JSON API: a POST must be JSON (or carry the pages' token). */
    public void checkApi(Context ctx) {
        checkApi(ctx, false);
    }

    /**
     * As {@link #checkApi(Context)}, and a POST of {@code text/csv} (an upload of a list) passes too: no more than
     * JSON can a browser send that type to another site without a CORS preflight.
     */
    public void checkApiOrCsv(Context ctx) {
        checkApi(ctx, true);
    }

    private void checkApi(Context ctx, boolean csvToo) {
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        String type = ctx.header("Content-Type");
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT).strip();
        boolean json = t.startsWith("application/json") || csvToo && t.startsWith("text/csv");
        if (!json && !valid(ctx.cookie(COOKIE), ctx.header(HEADER))) {
            throw new ApiError(403, "cross-site request refused: an API POST needs the header Content-Type: "
                    + "application/json" + (csvToo ? " (or text/csv for a CSV)" : "") + ", even one without a body "
                    + "such as pause or resume (curl -X POST -H "
                    + "'Content-Type: application/json' ...), or the " + HEADER + " header of this dealer's pages");
        }
    }

    private boolean valid(String seed, String given) {
        if (seed == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(seed).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String seed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(seed.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}
