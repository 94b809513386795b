package dogdorm.dealer.notify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.HttpUrl;

/**
 * How a secret is shown: never whole. A webhook URL carries its secret in its path or query (Slack's and Discord's
 * tokens, an ntfy topic), so it is shown as scheme and host, then {@code …} and at most its last 4 characters (only
 * when the rest is long enough that 4 give nothing away); a password is only said to be there.
 */
public final class Secrets {
    /** The part after the host must be at least this long before its last 4 characters are shown. */
    private static final int SHOW_TAIL_FROM = 20;

    private Secrets() {}

    /** {@code https://hooks.slack.com/…/wxyz}, {@code https://ntfy.sh/…}; a value that is no URL shows as {@code …}. */
    public static String maskUrl(String url) {
        HttpUrl u = url == null ? null : HttpUrl.parse(url);
        if (u == null) {
            return "…";
        }
        String rest = u.encodedPath() + (u.encodedQuery() == null ? "" : "?" + u.encodedQuery());
        String origin = u.scheme() + "://" + (u.host().contains(":") ? "[" + u.host() + "]" : u.host())
                + (u.port() == HttpUrl.defaultPort(u.scheme()) ? "" : ":" + u.port());
        if (rest.equals("/")) {
            return origin + "/";
        }
        return origin + "/…" + (rest.length() >= SHOW_TAIL_FROM ? "/" + rest.substring(rest.length() - 4) : "");
    }

    /**
     * {@code text} with every secret in it replaced by {@code …}: as given, and base64 encoded (SMTP's AUTH sends it
     * so, and a server's error may quote what it got). For error messages that come from elsewhere.
     */
    public static String scrub(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s == null || s.isEmpty()) {
                continue;
            }
            out = out.replace(s, "…");
            out = out.replace(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)), "…");
        }
        return out;
    }

    /** A value quoted in an error, cut to 60 characters (an error never repeats a whole pasted blob). */
    static String shorten(String text) {
        String t = text.strip();
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }
}
