package dogdorm.dealer.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A small HTTP client for tests: real requests to a dealer on loopback. */
public final class Http {
    /** Status, body and content type of one answer. */
    public record Answer(int status, String body, String contentType) {}

    private static final ObjectMapper JSON = Json.newMapper();
    private final String base;
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
            .retryOnConnectionFailure(false).build();

    public Http(String base) {
        this.base = base;
    }

    /** The JSON answer of a GET, read (a body that is not JSON fails the test, naming the path). */
    public JsonNode json(String path) {
        String body = get(path).body();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(path + ": not JSON: " + body, e);
        }
    }

    public Answer get(String path) {
        return call(new Request.Builder().url(base + path).get().build());
    }

    /** A GET with an {@code Accept} header. */
    /** A HEAD request: its status (the body is empty). */
    public Answer head(String path) {
        return call(new Request.Builder().url(base + path).head().build());
    }

    public Answer get(String path, String accept) {
        return call(new Request.Builder().url(base + path).header("Accept", accept).get().build());
    }

    public Answer post(String path, String json) {
        return post(path, json, null);
    }

    public Answer post(String path, String json, String bearer) {
        Request.Builder b = new Request.Builder().url(base + path)
                .post(RequestBody.create(json, MediaType.get("application/json")));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return call(b.build());
    }

    public Answer post(String path, byte[] body) {
        return call(new Request.Builder().url(base + path)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build());
    }

    private Answer call(Request r) {
        try (Response resp = client.newCall(r).execute()) {
            return new Answer(resp.code(), resp.body().string(), resp.header("Content-Type"));
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.url(), e);
        }
    }
}
