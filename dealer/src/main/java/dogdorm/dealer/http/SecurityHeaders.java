package dogdorm.dealer.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Headers on every answer, set before anything else runs (so error pages carry them too): browsers take a file
 * only as the type it is sent as ({@code nosniff}); pages load scripts, styles, images and forms from the dealer
 * alone and run no inline script (none has any: every script is a file under {@code /static/}); no other site may
 * frame them (against clickjacking the admin pages' buttons); and a link followed off the dealer sends no
 * {@code Referer} naming the page it was on.
 */
public final class SecurityHeaders implements Handler {
    /** What a page may load and do; the JSON answers carry it too, where it changes nothing. */
    public static final String POLICY = "default-src 'self'; base-uri 'none'; object-src 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    @Override
    public void handle(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
    }
}
