package dogdorm.worker.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.WorkRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The worker's side of the worker API: {@code POST /api/work} and {@code POST /api/results}, to one dealer or the
 * first of several that answers. With several ({@code --dealer URL1,URL2}), a request goes to the one that answered
 * last; a dealer that cannot be reached or answers 503 (not leading, starting, stopping) passes the request to the
 * next; a 307 or 308 redirect is followed only to another listed dealer (the request carries the worker token, which
 * an unlisted host must never get). What no dealer takes fails as before: the worker keeps its results and retries.
 * A dealer URL that answers 404 to the worker API is not a dealer's (a page's URL, another program): the request
 * goes on to the next, and when every listed URL answered 404 the call fails with {@link NotADealer}.
 */
public final class DealerClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_ANSWER = 16 * 1024 * 1024;

    private final List<HttpUrl> bases;
    /** The dealer that answered last (its index in {@link #bases}). */
    private volatile int current;
    private final String token;
    private final OkHttpClient http;
    private final ObjectMapper json;

    /**
     * @param dealers the dealer's URL, e.g. {@code http://127.0.0.1:8000}, or several separated by commas
     * @param token   the worker token, or null when the dealer trusts loopback
     */
    public DealerClient(String dealers, String token, ObjectMapper json) {
        List<HttpUrl> urls = new ArrayList<>();
        for (String d : dealers.split(",")) {
            HttpUrl url = HttpUrl.parse(d.strip());
            if (url == null) {
                throw new IllegalArgumentException("--dealer '" + d.strip() + "' is not an http(s) URL");
            }
            if (urls.stream().anyMatch(u -> sameDealer(u, url))) {
                throw new IllegalArgumentException("--dealer lists " + url + " twice");
            }
            urls.add(url);
        }
        this.bases = List.copyOf(urls);
        this.token = token;
        this.json = json;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofMillis(WorkRequest.MAX_WAIT_MS + 15_000))
                .writeTimeout(Duration.ofSeconds(30))
                .retryOnConnectionFailure(false)
                .followRedirects(false) // followed here, and only to a listed dealer
                .build();
    }

    public List<Job> work(WorkRequest request) throws IOException {
        return fetch(request).jobs();
    }

    /**
     * A work answer: the jobs this worker can read, and for each target of a job it cannot (a field out of range,
     * a kind newer than this worker) a fault result to post, so the dealer deals it again soon instead of
     * waiting for the lease to expire. One such job never costs the others in the answer.
     */
    public record Work(List<Job> jobs, List<ProbeResult> unreadable) {}

    public Work fetch(WorkRequest request) throws IOException {
        JsonNode list = post("api/work", request, JsonNode.class).get("jobs");
        if (list == null || !list.isArray()) {
            throw new DealerException("malformed answer from the dealer to api/work: no jobs list", 200);
        }
        List<Job> jobs = new ArrayList<>(list.size());
        List<ProbeResult> unreadable = new ArrayList<>();
        for (JsonNode j : list) {
            try {
                jobs.add(json.treeToValue(j, Job.class));
            } catch (JacksonException | IllegalArgumentException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                String why = "the worker cannot read this job: " + (root instanceof JacksonException je
                        ? je.getOriginalMessage() : root.getMessage());
                String lease = j.path("lease").isTextual() ? j.get("lease").asText() : null;
                for (JsonNode t : j.path("targets")) {
                    if (lease != null && t.path("id").canConvertToLong()) {
                        unreadable.add(ProbeResult.fault(lease, t.get("id").asLong(), why));
                    }
                }
            }
        }
        return new Work(jobs, unreadable);
    }

    public ResultsAnswer results(ResultBatch batch) throws IOException {
        return post("api/results", batch, ResultsAnswer.class);
    }

    /** Sends to the dealer that answered last, then on to the others as the class says. */
    private <T> T post(String path, Object body, Class<T> type) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        IOException last = null;
        int at = current;
        boolean[] notFound = new boolean[bases.size()];
        for (int tries = 0; tries < 2 * bases.size(); tries++) {
            try {
                T answer = postTo(bases.get(at), path, bytes, type);
                current = at;
                return answer;
            } catch (Moved m) {
                int listed = indexOf(m.to);
                if (listed < 0) {
                    throw new DealerException("dealer " + bases.get(at) + " redirected " + path + " to " + m.to
                            + ", which is not one of --dealer: not followed (it would be sent the worker token)",
                            m.status);
                }
                last = m;
                at = listed;
            } catch (DealerException e) {
                if (e.status() == 404) {
                    notFound[at] = true;
                    if (allTrue(notFound)) {
                        throw NotADealer.of(bases, path);
                    }
                    last = e;
                    at = (at + 1) % bases.size();
                    continue;
                }
                if (e.status() != 503 || bases.size() == 1) {
                    throw e; // an answer: the request itself was refused
                }
                last = e;
                at = (at + 1) % bases.size();
            } catch (IOException e) {
                if (bases.size() == 1) {
                    throw e;
                }
                last = new IOException(bases.get(at) + ": " + e.getMessage(), e);
                at = (at + 1) % bases.size();
            }
        }
        throw last;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) return false;
        }
        return true;
    }

    /** A redirect to {@code to} (a dealer's base URL). */
    private static final class Moved extends IOException {
        final HttpUrl to;
        final int status;

        Moved(HttpUrl to, int status) {
            super("redirected to " + to);
            this.to = to;
            this.status = status;
        }
    }

    private int indexOf(HttpUrl url) {
        for (int i = 0; i < bases.size(); i++) {
            if (sameDealer(bases.get(i), url)) return i;
        }
        return -1;
    }

    private static boolean sameDealer(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    private <T> T postTo(HttpUrl base, String path, byte[] body, Class<T> type) throws IOException {
        Request.Builder rb = new Request.Builder()
                .url(base.newBuilder().addPathSegments(path).build())
                .post(RequestBody.create(body, JSON));
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        try (Response response = http.newCall(rb.build()).execute()) {
            if (response.code() == 307 || response.code() == 308) {
                HttpUrl to = response.header("Location") == null ? null : response.request().url()
                        .resolve(response.header("Location"));
                if (to == null) {
                    throw new DealerException("dealer answered " + response.code() + " to " + path
                            + " without a usable Location", response.code());
                }
                throw new Moved(to.newBuilder().encodedPath("/").query(null).build(), response.code());
            }
            BufferedSource source = response.body().source();
            if (source.request(MAX_ANSWER + 1L)) {
                throw new DealerException("dealer answered " + path + " with more than " + MAX_ANSWER + " bytes",
                        response.code());
            }
            byte[] bytes = source.readByteArray();
            if (!response.isSuccessful()) {
                throw new DealerException("dealer answered " + response.code() + " to " + path + ": "
                        + snippet(bytes), response.code());
            }
            try {
                T t = json.readValue(bytes, type);
                if (t == null) {
                    throw new DealerException("dealer answered " + path + " with an empty body", response.code());
                }
                return t;
            } catch (JacksonException e) {
                throw new DealerException("malformed answer from the dealer to " + path + ": "
                        + e.getOriginalMessage(), response.code());
            }
        }
    }

    private static String snippet(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
        return s.replaceAll("\\s+", " ").strip();
    }

    /** The dealer that answered last (the first listed, before any answer). */
    public String base() {
        return bases.get(current).toString();
    }

    /** Releases the client's threads and connections. */
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
