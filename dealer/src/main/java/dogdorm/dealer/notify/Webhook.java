package dogdorm.dealer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code --notify} destination with its own bounded queue and its own thread: a slow or dead receiver delays
 * only itself. Styles by prefix: {@code slack:URL} ({"text"}), {@code discord:URL} ({"content"}), {@code ntfy:URL}
 * (plain text with Title/Tags headers), anything else a generic JSON POST of the event. Each delivery is tried up
 * to {@code attempts} times with exponential backoff (429's Retry-After honoured); every attempt is logged with the
 * destination's scheme and host only — webhook URLs carry secrets in their paths.
 */
public final class Webhook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Webhook.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);

    enum Style { JSON, SLACK, DISCORD, NTFY }

    private final Style style;
    private final HttpUrl url;
    private final String name;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final int attempts;
    private final Duration backoff;
    private final BlockingQueue<Offered> queue;
    private final AtomicLong delivered = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public Webhook(String spec, OkHttpClient http, ObjectMapper json, int capacity, int attempts, Duration backoff) {
        Style st = Style.JSON;
        String target = spec.strip();
        int colon = target.indexOf(':');
        if (colon > 0) {
            String prefix = target.substring(0, colon).toLowerCase(Locale.ROOT);
            switch (prefix) {
                case "slack" -> st = Style.SLACK;
                case "discord" -> st = Style.DISCORD;
                case "ntfy" -> st = Style.NTFY;
                default -> { }
            }
            if (st != Style.JSON) {
                target = target.substring(colon + 1);
            }
        }
        HttpUrl parsed = HttpUrl.parse(target);
        if (parsed == null) {
            // the value is not repeated: a webhook URL is a secret
            throw new IllegalArgumentException("--notify: a value is not an http(s) URL "
                    + "(optionally prefixed slack:, discord: or ntfy:)");
        }
        this.style = st;
        this.url = parsed;
        this.name = st.name().toLowerCase(Locale.ROOT) + ":" + parsed.scheme() + "://" + parsed.host()
                + (parsed.port() == HttpUrl.defaultPort(parsed.scheme()) ? "" : ":" + parsed.port());
        this.http = http;
        this.json = json;
        this.attempts = attempts;
        this.backoff = backoff;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("webhook " + name).start(this::run);
    }

    /** An event waiting, and what runs when this webhook is done with it. */
    private record Offered(Event event, Runnable done) {}

    public void offer(Event e) {
        offer(e, () -> { });
    }

    /**
     * Queues an event; never blocks. When the queue is full the oldest waiting event is dropped (and logged).
     * {@code done} runs once this webhook is done with the event: delivered, given up on, or dropped.
     */
    public void offer(Event e, Runnable done) {
        Offered o = new Offered(e, done);
        while (!queue.offer(o)) {
            Offered oldest = queue.poll();
            if (oldest != null) {
                log.warn("webhook {}: queue full, dropped {} of {}", name, oldest.event().type(),
                        oldest.event().at());
                oldest.done().run();
            }
        }
    }

    private void run() {
        while (running) {
            Offered o;
            try {
                o = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                break;
            }
            if (o != null) {
                if (deliver(o.event())) {
                    o.done().run();
                }
            }
        }
    }

    /** Tries to deliver; returns false only when the dealer stopped meanwhile (the event is sent at next start). */
    private boolean deliver(Event e) {
        Request request;
        try {
            request = request(e);
        } catch (IOException ex) {
            log.error("webhook {}: cannot write {}: {}", name, e.type(), ex.getMessage());
            return true;
        }
        for (int attempt = 1; attempt <= attempts && running; attempt++) {
            Duration wait = Retry.waitAfter(attempt, backoff, null, LONGEST_RETRY_AFTER);
            try (Response r = http.newCall(request).execute()) {
                if (r.isSuccessful()) {
                    log.info("webhook {}: {} #{} delivered (attempt {}, {})", name, e.type(), e.id(), attempt,
                            r.code());
                    delivered.incrementAndGet();
                    return true;
                }
                log.warn("webhook {}: {} attempt {} of {}: answered {}", name, e.type(), attempt, attempts, r.code());
                if (r.code() < 500 && r.code() != 429 && r.code() != 408) {
                    break; // the receiver will not change its mind
                }
                wait = Retry.waitAfter(attempt, backoff, r, LONGEST_RETRY_AFTER);
            } catch (IOException ex) {
                log.warn("webhook {}: {} attempt {} of {}: {}", name, e.type(), attempt, attempts,
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
        if (!running) {
            return false;
        }
        log.error("webhook {}: gave up on {} #{}", name, e.type(), e.id());
        return true;
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

    public long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
