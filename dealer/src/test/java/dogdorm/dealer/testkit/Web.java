package dogdorm.dealer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A browser-like HTTP client for tests of the admin pages: any method, basic auth, cookies kept between calls,
 * redirects not followed (so a 303 can be asserted), headers readable.
 */
public final class Web {
    /** Status, body and headers of one answer. */
    public record Answer(int status, String body, Headers headers) {
        public String header(String name) {
            return headers.get(name);
        }

        /** The value of {@code <input type="hidden" name="csrf" value="...">} on a page. */
        public String csrfField() {
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(body);
            if (!m.find()) {
                throw new AssertionError("no csrf field on the page:\n" + body);
            }
            return m.group(1);
        }
    }

    private final String base;
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
            .followRedirects(false).retryOnConnectionFailure(false).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String authorization;

    public Web(String base) {
        this.base = base;
    }

    /** Sends {@code Authorization: Basic} with every request from now on. */
    public Web as(String user, String password) {
        authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Web anonymous() {
        authorization = null;
        return this;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public Answer get(String path, String... headers) {
        return call("GET", path, null, null, headers);
    }

    /** A request with {@code Content-Type: application/json}; a null body is an empty one (pause, resume). */
    public Answer json(String method, String path, String json, String... headers) {
        return call(method, path, (json == null ? "" : json).getBytes(StandardCharsets.UTF_8), "application/json",
                headers);
    }

    /** A form POST, as a browser sends it: {@code application/x-www-form-urlencoded}. */
    public Answer form(String path, Map<String, String> fields, String... headers) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            if (b.length() > 0) b.append('&');
            b.append(enc(k)).append('=').append(enc(v));
        });
        return call("POST", path, b.toString().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded",
                headers);
    }

    public Answer call(String method, String path, byte[] body, String contentType, String... headers) {
        Request.Builder r = new Request.Builder().url(base + path);
        RequestBody rb = body == null ? (method.equals("GET") || method.equals("HEAD") ? null
                : RequestBody.create(new byte[0], null))
                : RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
        r.method(method, rb);
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        if (!cookies.isEmpty()) {
            List<String> parts = new ArrayList<>();
            cookies.forEach((k, v) -> parts.add(k + "=" + v));
            r.header("Cookie", String.join("; ", parts));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        try (Response resp = client.newCall(r.build()).execute()) {
            for (String c : resp.headers("Set-Cookie")) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return new Answer(resp.code(), resp.body().string(), resp.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
