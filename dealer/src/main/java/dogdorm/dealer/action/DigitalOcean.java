package dogdorm.dealer.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.notify.Retry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two DigitalOcean API calls remediation needs: {@code POST /v2/droplets/{id}/actions} with
 * {@code {"type":"reboot"}} (or {@code power_cycle}) and {@code GET /v2/actions/{id}}. 429 and 5xx answers are
 * retried with backoff, honouring Retry-After. An action is never asked for twice: it goes out on a connection of
 * its own (no connection is kept between calls, so none can have been closed by the API while idle), and once its
 * request may have left (a timeout, a connection lost before the answer) it is not repeated, since the droplet may
 * already be rebooting; only a connection that could not be opened is tried again. Reading an action's status is
 * harmless to repeat and is retried after any failure. The token goes only into the Authorization header: never
 * into a log line or an error.
 */
public final class DigitalOcean {
    private static final Logger log = LoggerFactory.getLogger(DigitalOcean.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);

    /** What the API answered: the HTTP status (0 when there was no answer), the action's id and status, or why not. */
    public record Answer(int status, Long actionId, String actionStatus, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Waits between retries; tests give one that does not sleep long. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpUrl base;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final int attempts;
    private final Duration backoff;
    private final Sleeper sleeper;

    public DigitalOcean(String apiBase, OkHttpClient http, ObjectMapper json, int attempts, Duration backoff,
                        Sleeper sleeper) {
        HttpUrl url = HttpUrl.parse(apiBase);
        if (url == null) {
            throw new IllegalArgumentException("--digitalocean-api '" + apiBase + "' is not an http(s) URL");
        }
        this.base = url;
        this.http = http;
        this.json = json;
        this.attempts = attempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /**
     * A client for the API: no idle connection is kept (a reused one the API had closed would fail an action that
     * was never sent, and retrying it could send one that was), and OkHttp retries nothing by itself.
     */
    public static OkHttpClient client(Duration connect, Duration read) {
        return new OkHttpClient.Builder().connectTimeout(connect).readTimeout(read).writeTimeout(read)
                .callTimeout(read.plus(connect)).connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .retryOnConnectionFailure(false).followRedirects(false).build();
    }

    /** Asks for an action ({@code reboot}, {@code power_cycle}) on a droplet. */
    public Answer act(String token, String dropletId, String type) throws InterruptedException {
        HttpUrl url = base.newBuilder().addPathSegments("v2/droplets").addPathSegment(dropletId)
                .addPathSegment("actions").build();
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("type", type));
        } catch (IOException e) {
            return new Answer(0, null, null, "cannot write the request: " + e.getMessage());
        }
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token)
                .post(RequestBody.create(body, JSON)).build();
        return call(request, "POST /v2/droplets/" + dropletId + "/actions " + type, false);
    }

    /** Reads an action's status ({@code in-progress}, {@code completed}, {@code errored}). */
    public Answer action(String token, long actionId) throws InterruptedException {
        HttpUrl url = base.newBuilder().addPathSegments("v2/actions").addPathSegment(Long.toString(actionId)).build();
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + token).get().build();
        return call(request, "GET /v2/actions/" + actionId, true);
    }

    /** @param repeatable whether the request may be sent again after it may have left (a read, not an action) */
    private Answer call(Request request, String what, boolean repeatable) throws InterruptedException {
        Answer last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Duration wait = Retry.waitAfter(attempt, backoff, null, LONGEST_RETRY_AFTER);
            try (Response r = http.newCall(request).execute()) {
                String text = r.body().string();
                if (r.isSuccessful()) {
                    return parse(r.code(), text);
                }
                last = new Answer(r.code(), null, null, "DigitalOcean answered " + r.code() + describe(text));
                boolean retry = r.code() == 429 || r.code() >= 500;
                log.info("{}: {} (attempt {} of {}{})", what, r.code(), attempt, attempts, retry ? ", will retry" : "");
                if (!retry) {
                    return last;
                }
                wait = Retry.waitAfter(attempt, backoff, r, LONGEST_RETRY_AFTER);
            } catch (ConnectException e) {
                last = new Answer(0, null, null, "cannot connect to DigitalOcean: " + e.getMessage());
                log.info("{}: cannot connect (attempt {} of {})", what, attempt, attempts);
            } catch (IOException e) {
                boolean timeout = e instanceof InterruptedIOException;
                String failure = timeout ? "no answer in time" : "connection lost";
                String error = timeout ? "no answer from DigitalOcean in time: " + e.getMessage()
                        : "talking to DigitalOcean: " + e.getMessage();
                if (!repeatable) {
                    // the request may have been carried out; asking again could reboot twice
                    log.warn("{}: {} (attempt {}), not repeated: it may have been carried out", what, failure,
                            attempt);
                    return new Answer(0, null, null, error + " (it may have been carried out: not asked again)");
                }
                last = new Answer(0, null, null, error);
                log.info("{}: {} (attempt {} of {})", what, failure, attempt, attempts);
            }
            if (attempt < attempts) {
                sleeper.sleep(wait);
            }
        }
        return last;
    }

    private Answer parse(int status, String text) {
        try {
            JsonNode action = json.readTree(text).path("action");
            if (!action.has("id")) {
                return new Answer(status, null, null, "DigitalOcean answered " + status + " without an action id");
            }
            return new Answer(status, action.get("id").asLong(), action.path("status").asText(null), null);
        } catch (IOException e) {
            return new Answer(status, null, null, "DigitalOcean answered " + status + " with unreadable JSON");
        }
    }

    /** The API's own message, if it gave one (never echoes the request). */
    private String describe(String text) {
        try {
            JsonNode n = json.readTree(text);
            String m = n.path("message").asText(null);
            return m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m);
        } catch (IOException e) {
            return "";
        }
    }
}
