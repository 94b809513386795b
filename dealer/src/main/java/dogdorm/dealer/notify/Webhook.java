package dogdorm.dealer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook ({@code --notify} or a {@link Receiver} of a webhook kind). Styles: {@code slack} ({"text"}),
 * {@code discord} ({"content"}), {@code ntfy} (plain text with Title/Tags headers), {@code json} a generic JSON POST
 * of the event. Each delivery is tried up to {@code attempts} times with exponential backoff (429's Retry-After
 * honoured); every attempt is logged with the destination's scheme and host only — webhook URLs carry secrets in
 * their paths.
 */
public final class Webhook extends Destination {
    private static final Logger log = LoggerFactory.getLogger(Webhook.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);

    enum Style { JSON, SLACK, DISCORD, NTFY }

    private final Style style;
    private final HttpUrl url;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final int attempts;
    private final Duration backoff;

    /** A {@code --notify} value: a URL, or {@code slack:}, {@code discord:} or {@code ntfy:} and a URL. */
    public Webhook(String spec, OkHttpClient http, ObjectMapper json, int capacity, int attempts, Duration backoff) {
        this(style(spec), url(spec), http, json, capacity, attempts, backoff);
    }

    /** A receiver's webhook: {@code kind} is one of the webhook kinds. */
    public Webhook(ReceiverKind kind, String url, OkHttpClient http, ObjectMapper json, int capacity, int attempts,
                   Duration backoff) {
        this(Style.valueOf(kind.name()), parse(url, "url"), http, json, capacity, attempts, backoff);
    }

    private Webhook(Style style, HttpUrl url, OkHttpClient http, ObjectMapper json, int capacity, int attempts,
                    Duration backoff) {
        super("webhook " + style.name().toLowerCase(Locale.ROOT) + ":" + url.scheme() + "://" + url.host()
                + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port()), capacity);
        this.style = style;
        this.url = url;
        this.http = http;
        this.json = json;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    private static Style style(String spec) {
        String target = spec.strip();
        int colon = target.indexOf(':');
        if (colon > 0) {
            switch (target.substring(0, colon).toLowerCase(Locale.ROOT)) {
                case "slack" -> { return Style.SLACK; }
                case "discord" -> { return Style.DISCORD; }
                case "ntfy" -> { return Style.NTFY; }
                default -> { }
            }
        }
        return Style.JSON;
    }

    private static HttpUrl url(String spec) {
        String target = spec.strip();
        if (style(spec) != Style.JSON) {
            target = target.substring(target.indexOf(':') + 1);
        }
        return parse(target, "--notify");
    }

    private static HttpUrl parse(String target, String what) {
        HttpUrl parsed = HttpUrl.parse(target);
        if (parsed == null) {
            // the value is not repeated: a webhook URL is a secret
            throw new IllegalArgumentException(what + ": a value is not an http(s) URL "
                    + "(optionally prefixed slack:, discord: or ntfy:)");
        }
        return parsed;
    }

    /** The receiver's kind. */
    public ReceiverKind kind() {
        return ReceiverKind.valueOf(style.name());
    }

    /** The URL, masked ({@link Secrets#maskUrl}). */
    public String maskedUrl() {
        return Secrets.maskUrl(url.toString());
    }

    @Override
    protected boolean deliver(Event e) {
        Request request;
        try {
            request = request(e);
        } catch (IOException ex) {
            log.error("{}: cannot write {}: {}", name(), e.type(), ex.getMessage());
            return true;
        }
        for (int attempt = 1; attempt <= attempts && running(); attempt++) {
            Duration wait = Retry.waitAfter(attempt, backoff, null, LONGEST_RETRY_AFTER);
            try (Response r = http.newCall(request).execute()) {
                if (r.isSuccessful()) {
                    log.info("{}: {} #{} delivered (attempt {}, {})", name(), e.type(), e.id(), attempt, r.code());
                    countDelivered();
                    return true;
                }
                log.warn("{}: {} attempt {} of {}: answered {}", name(), e.type(), attempt, attempts, r.code());
                if (r.code() < 500 && r.code() != 429 && r.code() != 408) {
                    break; // the receiver will not change its mind
                }
                wait = Retry.waitAfter(attempt, backoff, r, LONGEST_RETRY_AFTER);
            } catch (IOException ex) {
                log.warn("{}: {} attempt {} of {}: {}", name(), e.type(), attempt, attempts,
                        ex.getClass().getSimpleName());
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ex) {
                    return false;
                }
            }
        }
        if (!running()) {
            return false;
        }
        log.error("{}: gave up on {} #{}", name(), e.type(), e.id());
        return true;
    }

    @Override
    public String tryOnce(Event e) {
        try (Response r = http.newCall(request(e)).execute()) {
            if (r.isSuccessful()) {
                log.info("{}: {} #{} delivered ({})", name(), e.type(), e.id(), r.code());
                return null;
            }
            log.warn("{}: {} answered {}", name(), e.type(), r.code());
            return "the receiver answered HTTP " + r.code();
        } catch (IOException ex) {
            log.warn("{}: {}: {}", name(), e.type(), ex.getClass().getSimpleName());
            // a connection failure's message names the host and port at most, never the URL's path
            return "cannot reach " + url.host() + ":" + url.port() + " (" + ex.getClass().getSimpleName() + ")";
        }
    }

    Request request(Event e) throws IOException {
        Request.Builder b = new Request.Builder().url(url).header("User-Agent", "dogdorm");
        switch (style) {
            case SLACK -> b.post(RequestBody.create(json.writeValueAsBytes(Map.of("text", e.message())), JSON));
            case DISCORD -> b.post(RequestBody.create(json.writeValueAsBytes(Map.of("content", e.message())), JSON));
            case NTFY -> b.header("Title", "Dogdorm: " + e.type()).header("Tags", tag(e.type()))
                    .post(RequestBody.create(e.message(), TEXT));
            case JSON -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", e.id());
                body.put("event", e.type());
                body.put("at", e.at().toString());
                body.put("message", e.message());
                body.putAll(e.fields());
                b.post(RequestBody.create(json.writeValueAsBytes(body), JSON));
            }
        }
        return b.build();
    }

    private static String tag(String type) {
        return type.endsWith(".down") || type.endsWith("failed") || type.endsWith("failing") ? "rotating_light"
                : type.endsWith(".up") || type.endsWith("succeeded") || type.endsWith("_ok") ? "white_check_mark"
                : "wrench";
    }
}
