package dogdorm.dealer.http;

import dogdorm.dealer.view.ErrorPage;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

/**
 * How a refused or failed request is answered. A browser asking for a page (its {@code Accept} names
 * {@code text/html}) gets an HTML page with the status and what was wrong; the API under {@code /api/} and
 * everything else (curl, scripts, workers, monitors) gets {@code {"error": message}} with the status.
 */
public final class ErrorAnswer {
    private final ErrorPage page;

    public ErrorAnswer(ErrorPage page) {
        this.page = page;
    }

    public void answer(Context ctx, int status, String message) {
        ctx.status(status);
        if (wantsHtml(ctx.path(), ctx.header("Accept"))) {
            ctx.html(page.render(status, message));
        } else {
            ctx.json(Map.of("error", message));
        }
    }

    /** HTML for a request that accepts it, except under /api/: the API answers JSON even to a browser. */
    static boolean wantsHtml(String path, String accept) {
        return !path.startsWith("/api/") && accept != null
                && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }
}
