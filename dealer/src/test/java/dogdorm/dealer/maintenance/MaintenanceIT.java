package dogdorm.dealer.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import dogdorm.dealer.testkit.Web;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance windows over real HTTP, with a real SQLite store, a scripted worker and a webhook receiver on
 * loopback (the dealer's {@code --notify}): a target down inside its window opens no incident and sends no
 * notification while a target down outside one does both; at the window's end the one still down gets both, from
 * the end of the window. Then the admin API and page: basic auth, CSRF, 400s naming the field, 404s.
 */
class MaintenanceIT {
    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    /** What the receiver got: "type name at time", in order. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private HttpServer receiver;
    private DealerServer server;
    private ScriptedWorker worker;
    private Web admin;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            JsonNode e = json.readTree(ex.getRequestBody());
            events.add(e.get("event").asText() + " " + e.get("name").asText() + " at " + e.get("at").asText());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("home_tcp_v4.csv"), "127.0.0.1,8080,nas.home,,,tags=nas\n"
                + "127.0.0.1,8081,printer.home\n");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofSeconds(1)).interval(Duration.ofMinutes(1)).failThreshold(1)
                .admin(USER, PASSWORD).flush(Duration.ofHours(1)) // flushed at will
                .notifyUrls(List.of("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")).build();
        server = DealerServer.start(cfg, new SqliteStore(dir.resolve("data")), clock);
        worker = new ScriptedWorker(server.url(), "w1");
        admin = new Web(server.url()).as(USER, PASSWORD);
        clock.advance(Duration.ofSeconds(2));
        round();
    }

    @AfterEach
    void stop() {
        if (worker != null) worker.close();
        if (server != null) server.close();
        if (receiver != null) receiver.stop(0);
    }

    /** Every due check: the hosts in {@link #down} refuse, the others answer. */
    private void round() throws IOException {
        worker.round(t -> down.contains(t.host()) ? Verdict.down("connection refused") : Verdict.up(2));
    }

    private JsonNode parse(Web.Answer a) throws IOException {
        return json.readTree(a.body());
    }

    private JsonNode target(String host) throws IOException {
        for (JsonNode t : parse(admin.get("/api/targets")).get("targets")) {
            if (t.get("host").asText().equals(host)) {
                return t;
            }
        }
        throw new AssertionError("no target " + host);
    }

    private JsonNode incidents(String host) throws IOException {
        Web.Answer a = admin.get("/status/service/" + host + "/incidents");
        assertEquals(200, a.status(), a.body());
        return parse(a);
    }

    private static void assertError(Web.Answer a, int status, String text) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.body().contains(text), "'" + text + "' in " + a.body());
    }

    @Test
    void a_failure_inside_a_window_opens_no_incident_and_sends_nothing_and_one_outside_does_both() throws Exception {
        long nas = target("nas.home").get("id").asLong();
        // by its tag (the unit tests cover a window by target and by list; this one goes through the tag's way)
        Web.Answer created = admin.json("POST", "/api/maintenance", "{\"name\":\"nas firmware\",\"tag\":\"nas\","
                + "\"start\":\"2026-11-22T10:00:30Z\",\"end\":\"2026-11-22T10:10:00Z\"}");
        assertEquals(201, created.status(), created.body());
        long window = parse(created).get("id").asLong();
        assertEquals("/api/maintenance/" + window, created.header("Location"));
        assertEquals("upcoming", parse(created).get("state").asText());
        assertEquals("nas", parse(created).get("tag").asText());

        down.add("nas.home");
        clock.advance(Duration.ofMinutes(1)); // 10:01:02, inside the window
        round();
        JsonNode t = target("nas.home");
        assertEquals("maintenance", t.get("state").asText());
        assertEquals("down", t.get("checked_state").asText(), "what the checks say is kept");
        assertEquals(window, t.get("maintenance").get("window").asLong());
        assertEquals("2026-11-22T10:10:00Z", t.get("maintenance").get("until").asText());
        assertEquals("up", target("printer.home").get("state").asText());
        assertTrue(target("printer.home").get("maintenance").isNull());
        String page = admin.get("/servers").body();
        assertTrue(page.contains("<span class=\"badge maintenance\""), page);
        assertTrue(page.contains("1 in maintenance"), page);
        JsonNode inWindow = parse(admin.get("/api/targets?state=maintenance"));
        assertEquals(1, inWindow.get("count").asInt(), inWindow.toString());
        assertEquals("nas.home", inWindow.get("targets").get(0).get("host").asText());
        assertEquals(1, parse(admin.get("/api/targets?state=down")).get("count").asInt(), "the checks' state: down");
        String filtered = admin.get("/servers?state=maintenance").body();
        assertTrue(filtered.contains(">nas.home</a>") && !filtered.contains(">printer.home</a>"), filtered);
        assertTrue(admin.get("/targets/" + nas).body().contains("id=\"maintenance\""));
        assertEquals("[]", admin.get("/status/down").body(), "planned: not down for the Status API");
        assertTrue(server.flusher().flushNow().ok()); // an event of that change would be on its way now

        down.add("printer.home");
        clock.advance(Duration.ofMinutes(1)); // 10:02:02: the printer has no window
        round();
        assertTrue(server.flusher().flushNow().ok());
        Eventually.until(Duration.ofSeconds(10), "the printer's target.down", () -> !events.isEmpty());
        assertEquals(List.of("target.down printer.home at 2026-11-22T10:02:02Z"), events,
                "one notification, for the printer alone");
        assertEquals(0, incidents("nas.home").size(), "no incident inside the window");
        JsonNode printer = incidents("printer.home");
        assertEquals(1, printer.size());
        assertTrue(printer.get(0).get("up_detection").isNull());
        assertEquals("down", target("printer.home").get("state").asText());

        clock.set(java.time.Instant.parse("2026-11-22T10:10:30Z")); // the window is over, the nas still down
        round();
        assertTrue(server.flusher().flushNow().ok());
        Eventually.until(Duration.ofSeconds(10), "the nas's target.down", () -> events.size() == 2);
        assertEquals(List.of("target.down printer.home at 2026-11-22T10:02:02Z",
                "target.down nas.home at 2026-11-22T10:10:00Z"), events, "the nas's, as of the end of the window");
        JsonNode nasIncidents = incidents("nas.home");
        assertEquals(1, nasIncidents.size());
        assertEquals("2026-11-22T10:10:00Z", nasIncidents.get(0).get("down_detection").asText(),
                "the incident runs from the end of the window");
        assertEquals("down", target("nas.home").get("state").asText());
        assertEquals("over", parse(admin.get("/api/maintenance/" + window)).get("state").asText());
    }

    @Test
    void the_api_needs_the_admin_and_json_and_names_the_field_of_every_mistake() throws Exception {
        long nas = target("nas.home").get("id").asLong();
        Web anonymous = new Web(server.url());
        assertError(anonymous.get("/api/maintenance"), 401, "admin credentials required");
        assertError(anonymous.get("/maintenance"), 401, "admin credentials required");
        assertError(admin.call("POST", "/api/maintenance", "{}".getBytes(StandardCharsets.UTF_8), "text/plain"), 403,
                "Content-Type: application/json");
        String weekly = "{\"list\":\"home_tcp_v4.csv\",\"days\":[\"sat\",\"sun\"],\"time\":\"02:00\","
                + "\"duration\":\"2h\",\"tz\":\"Europe/Berlin\"}";
        assertError(admin.json("POST", "/api/maintenance", weekly.replace("Europe/Berlin", "Europe/Berln")), 400,
                "tz: 'Europe/Berln' is not a time zone name");
        assertError(admin.json("POST", "/api/maintenance", weekly.replace("\"sun\"", "\"sunny\"")), 400,
                "days[1]: 'sunny' is not a day of the week");
        assertError(admin.json("POST", "/api/maintenance", weekly.replace("\"2h\"", "\"8d\"")), 400,
                "duration: 8d is longer than a week (7d)");
        assertError(admin.json("POST", "/api/maintenance", weekly.replace("\"2h\"", "30")), 400,
                "duration: 30s is shorter than 1m");
        assertError(admin.json("POST", "/api/maintenance", weekly.replace("home_tcp", "hom_tcp")), 400,
                "list: no target comes from 'hom_tcp_v4.csv'");
        assertError(admin.json("POST", "/api/maintenance", weekly.replace("\"list\"", "\"lists\"")), 400,
                "unknown field 'lists'");
        assertError(admin.json("POST", "/api/maintenance", "{\"target\":" + nas + ",\"start\":\"2026-11-22T12:00:00Z\","
                + "\"end\":\"2026-11-22T11:00:00Z\"}"), 400,
                "end: 2026-11-22T11:00:00Z is not after start (2026-11-22T12:00:00Z)");
        assertError(admin.json("POST", "/api/maintenance", "{\"target\":\"nas\",\"start\":\"2026-11-22T12:00:00Z\","
                + "\"end\":\"2026-11-22T13:00:00Z\"}"), 400, "target: wrong type, expected a whole number");
        assertError(admin.json("POST", "/api/maintenance", "{\"target\":9999,\"start\":\"2026-11-22T12:00:00Z\","
                + "\"end\":\"2026-11-22T13:00:00Z\"}"), 400, "target: no target #9999");
        assertError(admin.json("POST", "/api/maintenance", "{\"tag\":\"office\",\"start\":\"2026-11-22T12:00:00Z\","
                + "\"end\":\"2026-11-22T13:00:00Z\"}"), 400, "tag: no target has the tag 'office'");
        assertEquals(0, parse(admin.get("/api/maintenance")).get("count").asInt(), "nothing was added");

        Web.Answer created = admin.json("POST", "/api/maintenance", weekly);
        assertEquals(201, created.status(), created.body());
        JsonNode w = parse(created);
        long id = w.get("id").asLong();
        assertEquals("weekly", w.get("type").asText());
        assertEquals(List.of("sat", "sun"), List.of(w.get("days").get(0).asText(), w.get("days").get(1).asText()));
        assertEquals("2026-11-28T01:00:00Z", w.get("next_start").asText(), "Saturday 02:00 in Berlin (CET)");
        Web.Answer replaced = admin.json("PUT", "/api/maintenance/" + id, "{\"name\":\"all week\",\"target\":" + nas
                + ",\"days\":[\"sun\"],\"time\":\"09:00\",\"duration\":\"7d\"}");
        assertEquals(200, replaced.status(), replaced.body());
        JsonNode r = parse(replaced);
        assertEquals("active", r.get("state").asText(), "a week from every Sunday 09:00 UTC covers every moment");
        assertEquals(nas, r.get("target").asLong());
        assertTrue(r.get("list").isNull());
        assertEquals("UTC", r.get("tz").asText());
        assertEquals("maintenance", target("nas.home").get("state").asText());
        assertError(admin.json("PUT", "/api/maintenance/" + id, "{\"target\":" + nas + "}"), 400, "start: missing");
        assertError(admin.json("PUT", "/api/maintenance/77", weekly), 404, "no maintenance window #77");
        assertError(admin.get("/api/maintenance/x"), 400, "id: 'x' is not a maintenance window id");
        assertEquals(204, admin.call("DELETE", "/api/maintenance/" + id, null, null).status());
        assertError(admin.get("/api/maintenance/" + id), 404, "no maintenance window #" + id);
        assertError(admin.call("DELETE", "/api/maintenance/" + id, null, null), 404, "no maintenance window");
        assertEquals("up", target("nas.home").get("state").asText());
    }

    @Test
    void the_page_lists_the_windows_and_adds_and_deletes_them_with_its_form() throws Exception {
        Web.Answer empty = admin.get("/maintenance");
        assertEquals(200, empty.status());
        assertTrue(empty.body().contains("id=\"mw-none\""), empty.body());
        assertTrue(empty.body().contains("<option value=\"home_tcp_v4.csv\">"), "the lists to choose from");
        String csrf = empty.csrfField();
        String weekly = "name=backups&target=&list=home_tcp_v4.csv&start=&end=&days=mon&days=thu&time=03%3A00"
                + "&duration=1h&tz=Europe%2FBerlin&csrf=" + csrf;
        Web.Answer forged = admin.call("POST", "/maintenance", weekly.replace(csrf, "forged")
                .getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertError(forged, 403, "CSRF");
        Web.Answer bad = admin.call("POST", "/maintenance", weekly.replace("Europe%2FBerlin", "Berlin")
                .getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("<p class=\"error\" id=\"mw-error\">tz: &#39;Berlin&#39; is not a time zone "
                + "name"), bad.body());
        assertTrue(bad.body().contains("value=\"backups\""), "what was typed is kept");
        assertTrue(bad.body().contains("value=\"thu\" checked"), bad.body());

        Web.Answer once = admin.form("/maintenance", java.util.Map.of("name", "now", "target",
                String.valueOf(target("printer.home").get("id").asLong()), "start", "2026-11-22T10:00",
                "end", "2026-11-22T12:00", "csrf", csrf));
        assertEquals(303, once.status(), once.body());
        Web.Answer ok = admin.call("POST", "/maintenance", weekly.getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertEquals(303, ok.status(), ok.body());
        String page = admin.get("/maintenance").body();
        int active = page.indexOf("target #2 printer.home");
        int upcoming = page.indexOf("list home_tcp_v4.csv (2 targets)");
        assertTrue(active > 0 && upcoming > active, "the active window first:\n" + page);
        assertTrue(page.contains("weekly, mon, thu at 03:00 for 1h Europe/Berlin"), page);
        assertTrue(page.contains("once, 2026-11-22 10:00 to 2026-11-22 12:00 UTC"), page);
        assertTrue(page.contains("(1 active) Maintenance"), page);
        long id = parse(admin.get("/api/maintenance")).get("windows").get(1).get("id").asLong();
        assertEquals(303, admin.form("/maintenance/" + id + "/delete", java.util.Map.of("csrf", csrf)).status());
        assertEquals(1, parse(admin.get("/api/maintenance")).get("count").asInt());
        assertError(admin.form("/maintenance/" + id + "/delete", java.util.Map.of("csrf", csrf)), 404,
                "no maintenance window");
    }
}
