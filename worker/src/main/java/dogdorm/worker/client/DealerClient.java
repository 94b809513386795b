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

/** The worker's side of the worker API: {@code POST /api/work} and {@code POST /api/results}. */
public final class DealerClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_ANSWER = 16 * 1024 * 1024;

    private final HttpUrl base;
    private final String token;
    private final OkHttpClient http;
    private final ObjectMapper json;

    /**
     * @param base  the dealer's URL, e.g. {@code http://127.0.0.1:8000}
     * @param token the worker token, or null when the dealer trusts loopback
     */
    public DealerClient(String base, String token, ObjectMapper json) {
        HttpUrl url = HttpUrl.parse(base);
        if (url == null) {
            throw new IllegalArgumentException("--dealer '" + base + "' is not an http(s) URL");
        }
        this.base = url;
        this.token = token;
        this.json = json;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofMillis(WorkRequest.MAX_WAIT_MS + 15_000))
                .writeTimeout(Duration.ofSeconds(30))
                .retryOnConnectionFailure(false)
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

    private <T> T post(String path, Object body, Class<T> type) throws IOException {
        Request.Builder rb = new Request.Builder()
                .url(base.newBuilder().addPathSegments(path).build())
                .post(RequestBody.create(json.writeValueAsBytes(body), JSON));
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        try (Response response = http.newCall(rb.build()).execute()) {
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

    public String base() {
        return base.toString();
    }

    /** Releases the client's threads and connections. */
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
