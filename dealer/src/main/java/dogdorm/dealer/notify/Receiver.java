package dogdorm.dealer.notify;

import java.time.Instant;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * A notification receiver defined at run time (in the API or on the page), kept in the database: a webhook
 * ({@code url}, in the format its {@code kind} names) or an e-mail receiver ({@code email}), and the
 * {@link ReceiverFilter} that says which events it gets. {@code id} is 0 for one not stored yet. The URL and the
 * password are secrets: {@link #toString()} masks them, and the API and pages show them masked ({@link Secrets}).
 */
public record Receiver(long id, String name, ReceiverKind kind, String url, EmailSettings email,
                       ReceiverFilter filter, Instant created) {
    public static final int MAX_NAME = 100;

    public Receiver {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: missing");
        }
        name = name.strip();
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("name: longer than " + MAX_NAME + " characters");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind: missing");
        }
        if (kind.webhook()) {
            url = checkUrl(url);
            if (email != null) {
                throw new IllegalArgumentException("email: only for kind email (this is a " + kind.wire()
                        + " webhook)");
            }
        } else {
            if (url != null && !url.isBlank()) {
                throw new IllegalArgumentException("url: only for webhooks (kind email sends over SMTP)");
            }
            url = null;
            if (email == null) {
                throw new IllegalArgumentException("email: missing (host, from and to at least)");
            }
        }
        filter = filter == null ? ReceiverFilter.EVERYTHING : filter;
    }

    /** An http(s) URL, checked without ever being quoted back (it may carry a token). */
    private static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: missing");
        }
        HttpUrl u = HttpUrl.parse(url.strip());
        String lower = url.strip().toLowerCase(Locale.ROOT);
        if (u == null || !(lower.startsWith("http://") || lower.startsWith("https://"))) {
            throw new IllegalArgumentException("url: not an http:// or https:// URL (the value is not repeated: "
                    + "a webhook URL may carry a secret)");
        }
        if (url.contains("…")) {
            throw new IllegalArgumentException("url: this is the masked URL the dealer shows; give the whole URL, or "
                    + "leave url out to keep the one stored");
        }
        return url.strip();
    }

    public Receiver withId(long newId, Instant at) {
        return new Receiver(newId, name, kind, url, email, filter, at);
    }

    /** The URL as it may be shown, or null for an e-mail receiver. */
    public String maskedUrl() {
        return url == null ? null : Secrets.maskUrl(url);
    }

    /** Where it sends, as logs and pages may show it: {@code slack https://hooks.slack.com/…}, {@code email smtp.example.com:587}. */
    public String where() {
        return kind.webhook() ? kind.wire() + " " + Secrets.maskUrl(url) : "email " + email.host() + ":" + email.port();
    }

    @Override
    public String toString() {
        return "Receiver[#" + id + " " + name + ", " + where() + ", " + filter.describe() + "]";
    }
}
