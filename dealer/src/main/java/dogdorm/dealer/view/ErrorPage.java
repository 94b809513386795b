package dogdorm.dealer.view;

import java.util.HashMap;
import java.util.Map;

/** The page a browser gets when a request is refused or fails: the status, what was wrong, and where to go. */
public final class ErrorPage {
    private final Pages pages;

    public ErrorPage(Pages pages) {
        this.pages = pages;
    }

    public String render(int status, String message) {
        Map<String, Object> m = new HashMap<>();
        m.put("status", status);
        m.put("reason", reason(status));
        m.put("message", message);
        return pages.render("error", m);
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Sign-in needed";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Too large";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "Something went wrong" : "Refused";
        };
    }
}
