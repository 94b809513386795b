package dogdorm.dealer.vantage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three workers in three locations check the same targets over the real worker API: one location that cannot
 * reach a target is a regional problem, two are an outage (one incident, one target.down); the vote, each
 * location's view and the workers are in the JSON API. The clock is moved; verdicts are scripted per location.
 */
class VantageIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();
    private final MutableClock clock = MutableClock.at("2026-12-05T10:00:00Z");
    private final List<String> events = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (receiver != null) receiver.stop(0);
    }

    @Test
    void one_location_down_is_regional_two_of_three_are_an_outage() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            events.add(json.readTree(ex.getRequestBody()).get("event").asText());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,8080,nas.home\n127.0.0.1,8081,printer.home\n");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofSeconds(1)).interval(Duration.ofMinutes(1)).retryInterval(Duration.ofSeconds(10))
                .vantage(3).notifyUrls(List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))
                .build();
        Set<String> cannotReach8080 = ConcurrentHashMap.newKeySet();
        try (DealerServer server = DealerServer.start(cfg, new MemoryStore(), clock);
             ScriptedWorker ams = new ScriptedWorker(server.url(), "w-ams", "ams");
             ScriptedWorker nyc = new ScriptedWorker(server.url(), "w-nyc", "nyc");
             ScriptedWorker sin = new ScriptedWorker(server.url(), "w-sin", "sin")) {
            Http http = new Http(server.url());
            Map<String, ScriptedWorker> workers = Map.of("ams", ams, "nyc", nyc, "sin", sin);
            Runnable round = () -> workers.forEach((loc, w) -> {
                try {
                    w.round(t -> t.port() == 8080 && cannotReach8080.contains(loc)
                            ? Verdict.down("connection refused") : Verdict.up(loc.length()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (ScriptedWorker w : workers.values()) w.round(t -> Verdict.up(1)); // every location known
            clock.advance(Duration.ofSeconds(2));
            round.run();
            long nas = id(http, 8080), printer = id(http, 8081);
            assertEquals("up", target(http, nas).get("state").asText());
            JsonNode v = vantage(http, nas);
            assertEquals(3, v.get("k").asInt());
            assertEquals(List.of("ams", "nyc", "sin"), texts(v.get("dealt_to")));
            assertEquals(2, v.get("quorum").asInt());
            assertEquals(3, v.get("locations").size());

            cannotReach8080.add("ams");
            clock.advance(Duration.ofMinutes(1));
            round.run(); // ams: a first failure, in doubt
            clock.advance(Duration.ofSeconds(10));
            round.run(); // ams's re-check confirms it from there
            JsonNode t = target(http, nas);
            assertEquals("up", t.get("state").asText(), "one location of three is not an outage");
            assertEquals(List.of("ams"), texts(t.get("regional")));
            v = vantage(http, nas);
            assertEquals(List.of("ams"), texts(v.get("regional")));
            JsonNode amsView = v.get("locations").get(0);
            assertEquals("ams", amsView.get("location").asText());
            assertEquals("down", amsView.get("state").asText());
            assertEquals("connection refused", amsView.get("last_error").asText());
            assertTrue(amsView.get("score").asDouble() < 20, amsView.toString());
            Eventually.until(Duration.ofSeconds(5), "target.regional sent", () -> events.contains("target.regional"));
            // one location's view: what works from ams
            assertEquals(List.of("nas.home", "printer.home"), bestNames(http, "").stream().sorted().toList(),
                    "by the vote both are up");
            assertEquals(List.of("printer.home"), bestNames(http, "&location=ams"), "from ams only the printer");
            assertEquals(List.of("nas.home", "printer.home"), bestNames(http, "&location=nyc").stream().sorted()
                    .toList());
            JsonNode fromAms = json.readTree(http.get("/api/targets?location=ams&state=down").body()).get("targets");
            assertEquals(1, fromAms.size());
            assertEquals("nas.home", fromAms.get(0).get("host").asText());
            assertEquals("connection refused", fromAms.get(0).get("last_error").asText());
            for (JsonNode t0 : json.readTree(http.get("/api/targets?location=lhr").body()).get("targets")) {
                assertEquals("unknown", t0.get("state").asText(), "never seen from lhr: unknown there");
            }
            String page = http.get("/targets/" + nas).body();
            assertTrue(page.contains("Regional problem: down from ams only."), page);
            String matrix = page.substring(page.indexOf("id=\"vantage\""), page.indexOf("</table>",
                    page.indexOf("id=\"vantage\"")));
            assertEquals(3, count(matrix, "<tr class="), matrix);
            assertTrue(matrix.contains("<td>ams</td><td class=\"state\">down</td>"), matrix);
            assertTrue(matrix.contains("connection refused"), matrix);
            JsonNode amsChecks = json.readTree(http.get("/api/targets/" + nas + "/checks?location=ams").body());
            assertEquals("ams", amsChecks.get("location").asText());
            assertTrue(amsChecks.get("checks").size() >= 3, amsChecks.toString());
            for (JsonNode c : amsChecks.get("checks")) {
                assertEquals("w-ams", c.get("worker").asText(), "only the checks made from ams");
            }
            assertEquals("connection refused", amsChecks.get("checks").get(0).get("error").asText());
            assertTrue(amsView.get("uptime_pct").asDouble() < 100, amsView.toString());
            String fromAmsPage = http.get("/servers?location=ams").body();
            assertTrue(fromAmsPage.contains("as seen from ams"), fromAmsPage);
            Http.Answer bad = http.get("/api/best?kind=tcp&location=");
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("location: empty"), bad.body());
            assertTrue(!events.contains("target.down"), events.toString());

            cannotReach8080.add("nyc");
            clock.advance(Duration.ofMinutes(1));
            round.run();
            clock.advance(Duration.ofSeconds(10));
            round.run();
            t = target(http, nas);
            assertEquals("down", t.get("state").asText(), "two of three: the quorum");
            assertTrue(t.get("last_error").asText().endsWith(": connection refused"), t.toString());
            assertEquals("up", target(http, printer).get("state").asText());
            assertEquals(List.of(), texts(target(http, printer).get("regional")));
            Eventually.until(Duration.ofSeconds(5), "target.down sent", () -> events.contains("target.down"));
            JsonNode incidents = json.readTree(http.get("/status/down").body());
            assertEquals(1, count(incidents.toString(), "nas.home"), incidents.toString());

            cannotReach8080.clear();
            clock.advance(Duration.ofMinutes(1));
            round.run();
            assertEquals("up", target(http, nas).get("state").asText());
            Eventually.until(Duration.ofSeconds(5), "target.up sent", () -> events.contains("target.up"));
            assertEquals(1, events.stream().filter("target.down"::equals).count(), events.toString());

            JsonNode ws = json.readTree(http.get("/api/workers").body());
            List<String> located = new ArrayList<>();
            for (JsonNode w : ws.get("workers")) {
                located.add(w.get("name").asText() + "@" + w.get("location").asText());
                assertEquals("127.0.0.1", w.get("address").asText());
                assertTrue(w.get("results").asLong() > 0, w.toString());
            }
            located.sort(null);
            assertEquals(List.of("w-ams@ams", "w-nyc@nyc", "w-sin@sin"), located);
            assertEquals(List.of("ams", "nyc", "sin"), texts(ws.get("locations")));
            String workersPage = http.get("/workers").body();
            for (String w : List.of("w-ams", "w-nyc", "w-sin")) {
                assertTrue(workersPage.contains("<td class=\"name\">" + w + "</td>"), workersPage);
            }
            assertTrue(workersPage.contains("0 unhealthy"), workersPage);
        }
    }

    @Test
    void a_worker_that_reports_everything_down_is_rated_unhealthy_and_its_votes_stop_counting() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,8080\n127.0.0.1,8081\n127.0.0.1,8082\n");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofSeconds(1)).interval(Duration.ofMinutes(1)).retryInterval(Duration.ofSeconds(10))
                .vantage(3).build();
        try (DealerServer server = DealerServer.start(cfg, new MemoryStore(), clock);
             ScriptedWorker ams = new ScriptedWorker(server.url(), "w-ams", "ams");
             ScriptedWorker nyc = new ScriptedWorker(server.url(), "w-nyc", "nyc");
             ScriptedWorker broken = new ScriptedWorker(server.url(), "w-broken", "sin")) {
            Http http = new Http(server.url());
            for (ScriptedWorker w : List.of(ams, nyc, broken)) w.round(t -> Verdict.up(1));
            int rounds = 0;
            while (rounds < 10 && json.readTree(http.get("/api/workers").body()).get("workers").findValues("healthy")
                    .stream().allMatch(JsonNode::asBoolean)) {
                clock.advance(Duration.ofSeconds(30)); // a retry or a new round each time
                ams.round(t -> Verdict.up(1));
                nyc.round(t -> Verdict.up(1));
                broken.round(t -> Verdict.down("no route to host"));
                rounds++;
            }
            assertTrue(rounds <= 6, "rated unhealthy after " + rounds + " rounds");
            JsonNode sin = null;
            for (JsonNode w : json.readTree(http.get("/api/workers").body()).get("workers")) {
                if (w.get("name").asText().equals("w-broken")) sin = w;
                else assertTrue(w.get("healthy").asBoolean(), w.toString());
            }
            assertEquals(false, sin.get("healthy").asBoolean());
            assertTrue(sin.get("why").asText().contains("disagreed with the vote on"), sin.toString());
            long id = id(http, 8080);

            clock.advance(Duration.ofMinutes(1)); // a new round: sin's record is left out of the vote
            ams.round(t -> Verdict.up(1));
            nyc.round(t -> Verdict.up(1));
            broken.round(t -> Verdict.down("no route to host"));
            assertEquals(List.of(), texts(target(http, id).get("regional")), "sin has no say any more");

            for (int i = 0; i < 2; i++) { // ams's failure and its re-check
                clock.advance(Duration.ofSeconds(i == 0 ? 60 : 10));
                ams.round(t -> t.port() == 8080 ? Verdict.down("connection refused") : Verdict.up(1));
                nyc.round(t -> Verdict.up(1));
                broken.round(t -> Verdict.down("no route to host"));
            }
            JsonNode t = target(http, id);
            assertEquals("up", t.get("state").asText(), "ams and the unhealthy sin are not a quorum: " + t);
            assertEquals(List.of("ams"), texts(t.get("regional")));
        }
    }

    /** The host names of /api/best's tcp servers, best first, with extra query parameters. */
    private List<String> bestNames(Http http, String query) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode g : json.readTree(http.get("/api/best?kind=tcp&limit=10" + query).body()).get("servers")) {
            out.add(g.get(0).get("host").asText());
        }
        return out;
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        return n;
    }

    private long id(Http http, int port) throws Exception {
        for (JsonNode t : json.readTree(http.get("/api/targets").body()).get("targets")) {
            if (t.get("port").asInt() == port) return t.get("id").asLong();
        }
        throw new AssertionError("no target on port " + port);
    }

    private JsonNode target(Http http, long id) throws Exception {
        for (JsonNode t : json.readTree(http.get("/api/targets").body()).get("targets")) {
            if (t.get("id").asLong() == id) return t;
        }
        throw new AssertionError("no target #" + id);
    }

    private JsonNode vantage(Http http, long id) throws Exception {
        Http.Answer a = http.get("/api/targets/" + id + "/vantage");
        assertEquals(200, a.status(), a.body());
        return json.readTree(a.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
