package dogdorm.worker.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Every dealer URL the worker was given answered 404 to the worker API: {@code --dealer} names something else (a
 * page such as {@code /servers}, the URL {@code bin/dogdorm up} prints, or another program). Waiting cannot mend
 * that, so the worker stops; the message names each URL and the base URL to give instead.
 */
public final class NotADealer extends IOException {
    private NotADealer(String message) {
        super(message, null);
    }

    /** The refusal of {@code path} by every one of {@code dealers}. */
    static NotADealer of(List<HttpUrl> dealers, String path) {
        List<String> each = new ArrayList<>();
        for (HttpUrl d : dealers) {
            each.add(shown(d) + " answers 404 (not found) to POST /" + path + ": " + advice(d));
        }
        if (each.size() == 1) {
            return new NotADealer(each.get(0));
        }
        return new NotADealer("no --dealer URL serves the worker API: " + String.join("; ", each));
    }

    /** What to give instead: the base URL, when the URL has a path; else there is no dealer at that address. */
    private static String advice(HttpUrl d) {
        HttpUrl base = d.newBuilder().encodedPath("/").query(null).fragment(null).build();
        if (!base.equals(d)) {
            return "that is not a dealer's base URL; give --dealer " + shown(base);
        }
        return "no Dogdorm dealer answers there (another program on that port?)";
    }

    /** A URL as a person writes it: without the trailing slash of an empty path. */
    private static String shown(HttpUrl u) {
        String s = u.toString();
        return u.encodedPath().equals("/") && u.query() == null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
