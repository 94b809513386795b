package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.AppRoutes;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GET route App declares, asked as a browser asks: each answer (every HTML page, error pages too) carries the
 * security headers. The routes are read from App.java itself ({@link AppRoutes}), so a route added later is checked
 * without editing this test. And HEAD answers a static file's name as GET does.
 */
class SecurityHeadersIT {
    private static final Map<String, String> HEADERS = Map.of(
            "x-content-type-options", "nosniff",
            "content-security-policy", "default-src 'self'; base-uri 'none'; object-src 'none'; "
                    + "frame-ancestors 'none'; form-action 'self'",
            "x-frame-options", "DENY",
            "referrer-policy", "same-origin");

    @TempDir
    Path dir;
    private DealerServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "# allow-private\n127.0.0.1,8080,nas.home\n");
        server = DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0).build(),
                new MemoryStore(), MutableClock.at("2026-11-22T10:00:00Z"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> ask(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", HtmlAnswersIT.BROWSER).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_get_route_answers_with_the_security_headers_and_every_html_page_is_among_them() throws Exception {
        String token = new ObjectMapper().readTree(new Http(server.url()).post("/api/heartbeats",
                "{\"name\":\"nightly\",\"interval\":\"1h\"}").body()).get("token").asText();
        server.reads().view(1).orElseThrow(); // {id}: target #1 and heartbeat #1 both exist
        List<String> paths = new ArrayList<>(AppRoutes.gets(Map.of("id", "1", "token", token, "file", "dogdorm.css",
                "domain", "nas.home")));
        paths.addAll(List.of("/no-such-page", "/targets/9999", "/servers?rows=-1", "/static/nope.css"));
        assertTrue(paths.size() > 30, "App.java read: " + paths);
        TreeSet<String> html = new TreeSet<>();
        for (String path : paths) {
            HttpResponse<String> r = ask("GET", path);
            for (Map.Entry<String, String> h : HEADERS.entrySet()) {
                assertEquals(List.of(h.getValue()), r.headers().allValues(h.getKey()), h.getKey() + " on " + path
                        + " (" + r.statusCode() + ")");
            }
            if (r.headers().firstValue("content-type").orElse("").startsWith("text/html")) {
                html.add(path);
            }
        }
        assertTrue(html.containsAll(List.of("/servers", "/targets/1", "/imports", "/workers", "/actions", "/heartbeats",
                "/heartbeats/1", "/api", "/no-such-page", "/targets/9999")), "HTML pages: " + html);
    }

    @Test
    void head_answers_every_get_route_with_the_status_get_has() throws Exception {
        // a load balancer or an uptime checker may ask HEAD /healthz: it must not hear 200 where GET says 404 or 503
        String token = new ObjectMapper().readTree(new Http(server.url()).post("/api/heartbeats",
                "{\"name\":\"nightly\",\"interval\":\"1h\"}").body()).get("token").asText();
        List<String> paths = new ArrayList<>(AppRoutes.gets(Map.of("id", "1", "token", token, "file", "dogdorm.css",
                "domain", "nas.home")));
        paths.addAll(List.of("/no-such-page", "/targets/9999", "/api/targets/9999", "/heartbeats/9999",
                "/servers?rows=-1", "/status-page/nope", "/badge/9999.svg"));
        List<String> differ = new ArrayList<>();
        for (String path : paths) {
            if (path.startsWith("/hb/")) {
                continue; // a ping: HEAD counts as one (its own route), GET would count another
            }
            int get = ask("GET", path).statusCode();
            HttpResponse<String> head = ask("HEAD", path);
            if (head.statusCode() != get) {
                differ.add("HEAD " + path + ": " + head.statusCode() + ", GET: " + get);
            }
            assertEquals("", head.body(), "no body to HEAD " + path);
        }
        assertEquals(List.of(), differ);
    }

    @Test
    void head_of_a_static_file_answers_as_get_does() throws Exception {
        HttpResponse<String> missing = ask("HEAD", "/static/nope.css");
        assertEquals(404, missing.statusCode());
        assertEquals("", missing.body());
        HttpResponse<String> css = ask("HEAD", "/static/dogdorm.css");
        assertEquals(200, css.statusCode());
        assertEquals("text/css", css.headers().firstValue("content-type").orElse(""));
        assertEquals("", css.body(), "no body to a HEAD");
        assertEquals(List.of("nosniff"), css.headers().allValues("x-content-type-options"));
        assertEquals(404, ask("GET", "/static/nope.css").statusCode());
    }
}
