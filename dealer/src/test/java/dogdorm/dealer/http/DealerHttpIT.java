package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.view.ServersPage;
import dogdorm.worker.peers.Peers;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dealer's HTTP surface over real HTTP on port 0. */
class DealerHttpIT {
    @TempDir
    Path dir;
    private DealerServer server;
    private final ObjectMapper json = Json.newMapper();

    private Http start(DealerConfig.Builder cfg, MemoryStore store, Clock clock) throws Exception {
        server = DealerServer.start(cfg.build(), store, clock);
        return new Http(server.url());
    }

    @BeforeEach
    void lists() throws Exception {
        Files.createDirectories(dir.resolve("lists"));
    }

    private DealerConfig.Builder config() {
        return DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0).allowPrivate(true)
                .spread(Duration.ofMillis(1)).interval(Duration.ofMinutes(5))
                .flush(Duration.ofHours(1)); // tests flush when they mean to: a timed flush would change what they see
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode parse(Http.Answer a) throws Exception {
        return json.readTree(a.body());
    }

    @Test
    void a_worker_gets_a_job_and_its_result_is_accepted() throws Exception {
        Files.writeString(dir.resolve("lists/tcp_v4.csv"), "127.0.0.1,9\n");
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        Thread.sleep(5);
        Http.Answer work = http.post("/api/work",
                "{\"worker\":\"w1\",\"location\":\"ams\",\"families\":[4,6],\"kinds\":[\"tcp\"],\"max\":8}");
        assertEquals(200, work.status(), work.body());
        JsonNode job = parse(work).get("jobs").get(0);
        assertEquals("tcp", job.get("kind").asText());
        assertEquals(9, job.get("targets").get(0).get("port").asInt());
        assertTrue(job.get("deadline").asText().endsWith("Z"));
        String lease = job.get("lease").asText();
        long target = job.get("targets").get(0).get("id").asLong();
        Http.Answer res = http.post("/api/results", "{\"worker\":\"w1\",\"results\":[{\"lease\":\"" + lease
                + "\",\"target\":" + target + ",\"up\":false,\"latency_ms\":null,\"error\":\"connection refused\","
                + "\"detail\":{}},{\"lease\":\"stale\",\"target\":" + target + ",\"up\":true}]}");
        assertEquals(200, res.status(), res.body());
        JsonNode a = parse(res);
        assertEquals(1, a.get("accepted").asInt());
        assertEquals(1, a.get("rejected").asInt());
        assertTrue(a.get("results").get(0).get("accepted").asBoolean());
        assertEquals("lease 'stale' is not a lease id this dealer deals (no signature)",
                a.get("results").get(1).get("reason").asText());
        JsonNode t = parse(http.get("/api/targets")).get("targets").get(0);
        assertEquals("unknown", t.get("state").asText(), "one failure is not yet down (fail threshold 2)");
        assertEquals(1, t.get("checks").asInt());
        assertEquals(1, t.get("failures").asInt());
        assertEquals("connection refused", t.get("last_error").asText());
        assertEquals("tcp_v4.csv:1", t.get("source").asText());
    }

    @Test
    void nothing_due_answers_an_empty_list() throws Exception {
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        Http.Answer a = http.post("/api/work", "{\"worker\":\"w1\",\"wait_ms\":200}");
        assertEquals(200, a.status());
        assertEquals(0, parse(a).get("jobs").size());
    }

    @Test
    void malformed_bodies_get_400_naming_what_is_wrong() throws Exception {
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        assertError(http.post("/api/work", ""), 400, "request body is empty");
        assertError(http.post("/api/work", "{\"worker\":"), 400, "malformed JSON at line 1");
        assertError(http.post("/api/work", "{\"worker\":\"\"}"), 400, "worker: missing or blank");
        assertError(http.post("/api/work", "{\"worker\":\"w\",\"max\":\"lots\"}"), 400, "max");
        assertError(http.post("/api/work", "{\"worker\":\"w\",\"max\":0}"), 400, "max: 0 is outside 1..1000");
        assertErrorIs(http.post("/api/work", "{\"worker\":\"w\",\"kinds\":[\"gopher\"]}"), 400,
                "kinds[0]: unknown kind 'gopher': expected one of tcp, stun, stun-change, turn, mqtt, ntp, dns, "
                        + "ping, resolve");
        assertErrorIs(http.post("/api/work", "[1,2]"), 400, "request body: expected a JSON object");
        assertErrorIs(http.post("/api/work", "{"), 400,
                "malformed JSON at line 1, column 2: Unexpected end-of-input: expected close marker for Object");
        assertError(http.post("/api/results", "{\"worker\":\"w\"}"), 400, "results: missing");
        assertError(http.post("/api/results",
                "{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":1,\"up\":true},{\"lease\":\"b\","
                        + "\"target\":2}]}"), 400, "results[1].up: missing");
        assertErrorIs(http.post("/api/results", "{\"worker\":\"w\",\"results\":[{}]}"), 400,
                "results[0].lease: missing or blank");
        assertError(http.post("/api/results",
                "{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":\"x\",\"up\":true}]}"), 400,
                "results[0].target");
        // a value of the wrong JSON type is refused, not converted
        assertErrorIs(http.post("/api/work", "{\"worker\":123}"), 400, "worker: 123 is not a string");
        for (String[] c : new String[][] {
                {"/api/work", "{\"worker\":\"w\",\"max\":1.5}", "max: ", "whole number"},
                {"/api/work", "{\"worker\":\"w\",\"kinds\":\"tcp\"}", "kinds: ", "a list"},
                {"/api/results", "{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":1,\"up\":1}]}",
                        "results[0].up: ", "true or false"},
                {"/api/results", "{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":1,\"up\":false,"
                        + "\"detail\":[]}]}", "results[0].detail: ", "an object"}}) {
            Http.Answer a = http.post(c[0], c[1]);
            assertEquals(400, a.status(), c[1]);
            String error = new ObjectMapper().readTree(a.body()).get("error").asText();
            assertTrue(error.startsWith(c[2]) && error.endsWith(c[3]), c[1] + " -> " + error);
        }
        assertError(http.get("/api/targets?kind=gopher"), 400, "kind: unknown kind 'gopher'");
        assertError(http.get("/api/targets?family=5"), 400, "family: '5' is not 4 or 6");
        assertError(http.get("/api/targets?state=sleepy"), 400, "state: unknown state 'sleepy'");
        assertError(http.get("/api/targets?limit=-1"), 400, "limit: -1 is outside");
    }

    private void assertErrorIs(Http.Answer a, int status, String message) throws Exception {
        assertEquals(status, a.status(), a.body());
        assertEquals(message, new ObjectMapper().readTree(a.body()).get("error").asText());
    }

    private static void assertError(Http.Answer a, int status, String text) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.body().contains(text), "expected '" + text + "' in " + a.body());
        assertTrue(a.body().startsWith("{\"error\":"), a.body());
    }

    @Test
    void oversized_bodies_get_413() throws Exception {
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        byte[] big = new byte[(int) App.MAX_BODY + 1024];
        Arrays.fill(big, (byte) ' ');
        Http.Answer a = http.post("/api/results", big);
        assertEquals(413, a.status(), a.body());
    }

    @Test
    void with_a_worker_token_calls_need_it() throws Exception {
        Http http = start(config().workerToken("t0ps3cret"), new MemoryStore(), Clock.systemUTC());
        Http.Answer none = http.post("/api/work", "{\"worker\":\"w\"}");
        assertEquals(401, none.status());
        assertFalse(none.body().contains("t0ps3cret"));
        assertEquals(401, http.post("/api/work", "{\"worker\":\"w\"}", "wrong").status());
        assertEquals(401, http.post("/api/results", "{\"worker\":\"w\",\"results\":[]}", "wrong").status());
        assertEquals(200, http.post("/api/work", "{\"worker\":\"w\"}", "t0ps3cret").status());
    }

    @Test
    void without_a_token_only_loopback_clients_may_call_the_worker_api() throws Exception {
        InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
        if (external == null) { // the test cannot call from elsewhere: say so, and fail where it must run (CI)
            String why = "this machine has no non-loopback IPv4 address to call the dealer from";
            if (Peers.required()) {
                Assertions.fail(why + " [DOGDORM_REQUIRE_PEERS=1]");
            }
            Assumptions.abort(why);
        }
        // a non-loopback dealer needs admin credentials for its heartbeat pages
        DealerConfig cfg = config().bind("0.0.0.0").admin("admin", "secret").build();
        server = DealerServer.start(cfg, new MemoryStore(), Clock.systemUTC());
        Http remote = new Http("http://" + external.getHostAddress() + ":" + server.port());
        Http.Answer a = remote.post("/api/work", "{\"worker\":\"w\"}");
        assertEquals(403, a.status(), a.body());
        assertTrue(a.body().contains("--worker-token"));
        assertEquals(200, remote.get("/servers.json").status(), "pages are open to everyone");
        assertEquals(200, new Http("http://127.0.0.1:" + server.port()).post("/api/work", "{\"worker\":\"w\"}")
                .status());
    }

    @Test
    void the_servers_page_names_every_host_known_for_an_address() throws Exception {
        Files.writeString(dir.resolve("lists/tcp_v4.csv"), "127.0.0.1,9\n127.0.0.1,9,alpha.example\n"
                + "127.0.0.1,9,beta.example\n");
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        String page = http.get("/servers").body();
        assertTrue(page.contains("also alpha.example, beta.example"), "the plain address row lists both names");
        assertTrue(page.contains("also beta.example") && page.contains("also alpha.example</div>"),
                "each named row lists the other name");
    }

    @Test
    void a_rows_own_timeout_and_options_reach_the_worker() throws Exception {
        Files.writeString(dir.resolve("lists/dns_v4.csv"), "127.0.0.1,53,,,,timeout=1500ms,name=probe.example\n");
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        Thread.sleep(5);
        JsonNode t = parse(http.post("/api/work", "{\"worker\":\"w1\",\"kinds\":[\"dns\"]}")).get("jobs").get(0)
                .get("targets").get(0);
        assertEquals(1500, t.get("timeout_ms").asInt());
        assertEquals("probe.example", t.get("options").get("name").asText());
    }

    @Test
    void hostile_text_from_files_and_the_network_is_escaped_on_the_page() throws Exception {
        Files.writeString(dir.resolve("lists/tcp_v4.csv"), "127.0.0.1,9,<script>alert(1)</script>\n127.0.0.1,10\n");
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        Thread.sleep(5);
        JsonNode job = parse(http.post("/api/work", "{\"worker\":\"<img src=x onerror=alert(2)>\"}")).get("jobs")
                .get(0);
        http.post("/api/results", "{\"worker\":\"<img src=x onerror=alert(2)>\",\"results\":[{\"lease\":\""
                + job.get("lease").asText() + "\",\"target\":" + job.get("targets").get(0).get("id").asLong()
                + ",\"up\":false,\"error\":\"<script>alert(3)</script>\",\"detail\":{\"<b>k</b>\":"
                + "\"<script>alert(4)</script>\"}}]}");
        Http.Answer target = http.get("/targets/" + job.get("targets").get(0).get("id").asLong());
        assertEquals(200, target.status());
        assertFalse(target.body().contains("<script>") || target.body().contains("<b>k"), "raw tags on the target page");
        assertTrue(target.body().contains("&lt;script&gt;alert(4)&lt;/script&gt;"), "the hostile detail is shown escaped");
        Http.Answer page = http.get("/servers");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        assertFalse(page.body().contains("<script>"), "raw script tag on the page");
        assertFalse(page.body().contains("<img"), "raw img tag on the page");
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile host is shown escaped");
        assertTrue(page.body().contains("&lt;script&gt;alert(3)&lt;/script&gt;"), "the hostile error is shown escaped");
    }

    @Test
    void healthz_counts_and_turns_503_when_the_flush_fails() throws Exception {
        Files.writeString(dir.resolve("lists/tcp_v4.csv"), "127.0.0.1,9\n127.0.0.1,10\n");
        MemoryStore store = new MemoryStore();
        MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
        Http http = start(config(), store, clock);
        JsonNode h = parse(http.get("/healthz"));
        assertEquals("ok", h.get("status").asText());
        assertEquals(2, h.get("targets").asInt());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, h.get("targets").asInt());
        http.post("/api/work", "{\"worker\":\"w1\",\"max\":1}");
        h = parse(http.get("/healthz"));
        assertEquals(1, h.get("leased").asInt());
        assertEquals(1, h.get("due").asInt());
        assertEquals(1, h.get("workers_last_minute").asInt());
        store.failing(true);
        server.flusher().flushNow();
        Http.Answer bad = http.get("/healthz");
        assertEquals(503, bad.status());
        assertTrue(parse(bad).get("flush_error").asText().contains("told to fail"));
        assertEquals(503, http.head("/healthz").status(), "a load balancer asking HEAD hears it too");
        store.failing(false);
        server.flusher().flushNow();
        assertEquals(200, http.get("/healthz").status());
    }

    @Test
    void api_targets_lists_unchecked_targets_and_filters() throws Exception {
        Files.writeString(dir.resolve("lists/tcp_v4.csv"), "127.0.0.1,9\n127.0.0.1,10\n");
        Files.writeString(dir.resolve("lists/tcp_v6.csv"), "::1,9\n");
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        assertEquals(3, parse(http.get("/api/targets")).get("count").asInt());
        assertEquals(1, parse(http.get("/api/targets?family=6")).get("count").asInt());
        assertEquals(3, parse(http.get("/api/targets?kind=tcp&state=unknown")).get("count").asInt());
        assertEquals(0, parse(http.get("/api/targets?state=up")).get("count").asInt());
        assertEquals(1, parse(http.get("/api/targets?limit=1&offset=2")).get("count").asInt());
        JsonNode t = parse(http.get("/api/targets?family=6")).get("targets").get(0);
        for (String field : new String[] {"state", "checks", "failures", "last_check", "last_success",
                "latency_ms", "ip", "port", "host", "kind", "source"}) {
            assertTrue(t.has(field), "missing field " + field);
        }
        assertEquals("::1", t.get("ip").asText());
        assertEquals("unknown", t.get("state").asText());
    }

    @Test
    void unknown_routes_and_methods_answer_404_and_405() throws Exception {
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        assertEquals(404, http.get("/nope").status());
        assertEquals(405, http.get("/api/work").status());
        assertEquals(404, http.get("/static/../../etc/passwd").status());
        assertEquals(404, http.get("/static/nope.js").status());
    }

    @Test
    void the_servers_page_shows_the_best_rows_of_a_big_section_and_searches_them_all() throws Exception {
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        for (int i = 0; i < 250; i++) {
            server.core().addTarget(TargetSpec.simple(Kind.TCP, 4, "198.18.0." + i, 443, new Source("bench", i)));
        }
        server.core().addTarget(TargetSpec.simple(Kind.TCP, 6, "2001:db8::7", 443, new Source("six", 1)));
        String page = http.get("/servers").body();
        assertEquals(ServersPage.ROWS_SHOWN + 1, rows(page), "the best 100 of the big section, all of the small");
        assertTrue(page.contains("The best 100 of 250."), page);
        assertTrue(page.contains("href=\"/servers?rows=0\""), "a link to every row");
        assertEquals(251, rows(http.get("/servers?rows=0").body()));
        assertEquals(3, rows(http.get("/servers?rows=3&family=4").body()));

        // the search runs on the server over every row, not only the ones shown
        String found = http.get("/servers?q=198.18.0.249").body();
        assertEquals(1, rows(found));
        assertTrue(found.contains("value=\"198.18.0.249\""), "the search box keeps the text");
        assertEquals(1, rows(http.get("/servers?q=DB8::7").body()), "case does not matter");
        assertEquals(0, rows(http.get("/servers?q=nowhere").body()));
        assertTrue(http.get("/servers?q=198.18.0.1&family=4").body().contains(
                "href=\"/servers?family=4&amp;q=198.18.0.1&amp;rows=0\""), "show all keeps the filters");

        assertError(http.get("/servers?rows=-1"), 400, "rows: -1 is outside 0..");
        assertError(http.get("/servers?q=" + "x".repeat(201)), 400, "q: longer than 200 characters");
        assertEquals(251, json.readTree(http.get("/api/targets").body()).get("targets").size());
        assertEquals(1, json.readTree(http.get("/api/targets?q=198.18.0.249").body()).get("targets").size(),
                "the API takes the same search");
    }

    /** Table rows of targets on a servers page. */
    private static int rows(String page) {
        return page.split("<tr class=\"state-", -1).length - 1;
    }

    @Test
    void static_files_are_served_with_their_types() throws Exception {
        Http http = start(config(), new MemoryStore(), Clock.systemUTC());
        Http.Answer css = http.get("/static/dogdorm.css");
        assertEquals(200, css.status());
        assertTrue(css.contentType().startsWith("text/css"), css.contentType());
        try (var in = getClass().getClassLoader().getResourceAsStream("static/dogdorm.css")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), css.body());
        }
        for (String js : List.of("servers.js", "heartbeats.js")) {
            Http.Answer a = http.get("/static/" + js);
            assertEquals(200, a.status(), js);
            assertTrue(a.contentType().startsWith("application/javascript"), a.contentType());
            assertFalse(a.body().isBlank(), js);
        }
    }
}
