package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.imports.CsvList;
import dogdorm.dealer.imports.ListFile;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.dealer.testkit.Web;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets managed in the UI and the API beside the list files, over real HTTP on port 0 with a real SQLite store:
 * create, edit, pause, resume, delete, export and import, the admin's auth and the CSRF check, a restart, list
 * rescans, and a 400 naming the field for every bad input.
 */
class TargetsHttpIT {
    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final ObjectMapper json = Json.newMapper();
    private final List<DealerServer> servers = new ArrayList<>();
    private DealerServer server;

    /** A dealer on SQLite in {@code name}/data with lists from {@code name}/lists; the lists are scanned by hand. */
    private Web start(String name, boolean publishCredentials) throws Exception {
        Files.createDirectories(dir.resolve(name).resolve("lists"));
        DealerConfig cfg = DealerConfig.builder(dir.resolve(name).resolve("data"), dir.resolve(name).resolve("lists"))
                .port(0).admin(USER, PASSWORD).spread(Duration.ofSeconds(1)).interval(Duration.ofMinutes(10))
                .flush(Duration.ofHours(1)).listScan(Duration.ofHours(1)).publishCredentials(publishCredentials)
                .build();
        server = DealerServer.start(cfg, SqliteStore::new, clock);
        servers.add(server);
        return new Web(server.url()).as(USER, PASSWORD);
    }

    private Web start() throws Exception {
        return start("a", false);
    }

    @AfterEach
    void stop() {
        servers.forEach(DealerServer::close);
    }

    private JsonNode parse(Web.Answer a) throws Exception {
        return json.readTree(a.body());
    }

    private JsonNode create(Web web, String body) throws Exception {
        Web.Answer a = web.json("POST", "/api/targets", body);
        assertEquals(201, a.status(), a.body());
        return parse(a);
    }

    private JsonNode target(Web web, long id) throws Exception {
        Web.Answer a = web.get("/api/targets/" + id);
        assertEquals(200, a.status(), a.body());
        return parse(a);
    }

    private static void assertError(Web.Answer a, int status, String text) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.body().contains(text), "'" + text + "' in " + a.body());
    }

    /** The ports of every job a worker is dealt within the next {@code d}, all answered up. */
    private List<Integer> dealtWithin(Duration d) throws Exception {
        clock.advance(d);
        List<Integer> ports = new ArrayList<>();
        try (ScriptedWorker w = new ScriptedWorker(server.url(), "w1")) {
            w.round(t -> {
                ports.add(t.port());
                return ScriptedWorker.Verdict.up(2.0);
            });
        }
        ports.sort(null);
        return ports;
    }

    /** Two scans: a changed file is applied once it looked the same on two of them. */
    private void rescan() {
        server.lists().scan();
        server.lists().scan();
    }

    @Test
    void a_target_created_through_the_api_is_stored_shown_as_added_in_the_ui_and_checked() throws Exception {
        Web web = start();
        Web.Answer a = web.json("POST", "/api/targets",
                "{\"kind\":\"tcp\",\"ip\":\"127.0.0.1\",\"port\":8080,\"interval\":\"5m\",\"timeout\":3}");
        assertEquals(201, a.status(), a.body());
        JsonNode t = parse(a);
        long id = t.get("id").asLong();
        assertEquals("/api/targets/" + id, a.header("Location"));
        assertEquals("ui", t.get("source").asText());
        assertEquals(4, t.get("family").asInt(), "the family of the address");
        assertEquals("tcp", t.get("transport").asText());
        assertEquals("5m", t.get("interval").asText());
        assertEquals("3s", t.get("timeout").asText());
        assertEquals("unknown", t.get("state").asText());
        assertEquals(List.of(8080), dealtWithin(Duration.ofSeconds(2)), "a loopback address is fine from the UI");
        assertEquals("up", target(web, id).get("state").asText());
        JsonNode listed = parse(web.get("/api/targets")).get("targets").get(0);
        assertEquals("ui", listed.get("source").asText());
        String page = web.get("/targets/" + id).body();
        assertTrue(page.contains("added in the UI"), page);
        assertTrue(page.contains("id=\"target-edit\""), "a target of the UI is edited on its page");
        try (SqliteStore store = new SqliteStore(dir.resolve("b"))) {
            assertTrue(store.load().core().targets().isEmpty(), "another folder is empty: the check is real");
        }
    }

    @Test
    void every_change_needs_the_admin_password_and_reading_does_not() throws Exception {
        Web admin = start();
        long id = create(admin, "{\"kind\":\"ping\",\"ip\":\"192.0.2.1\"}").get("id").asLong();
        Web anyone = new Web(server.url());
        for (Web.Answer a : List.of(anyone.json("POST", "/api/targets", "{\"kind\":\"ping\",\"ip\":\"192.0.2.2\"}"),
                anyone.json("PUT", "/api/targets/" + id, "{\"kind\":\"ping\",\"ip\":\"192.0.2.3\"}"),
                anyone.call("DELETE", "/api/targets/" + id, null, null),
                anyone.json("POST", "/api/targets/" + id + "/pause", null),
                anyone.json("POST", "/api/targets/" + id + "/resume", null),
                anyone.call("POST", "/api/targets/import?list=ping_v4.csv", "192.0.2.9\n".getBytes(
                        StandardCharsets.UTF_8), "text/csv"),
                anyone.get("/targets/new"), anyone.get("/targets/new/"), anyone.get("/targets/" + id + "/edit"),
                anyone.get("/targets/" + id + "/edit/"),
                anyone.form("/targets/" + id + "/pause", Map.of()), anyone.form("/targets/" + id + "/delete", Map.of()),
                new Web(server.url()).as(USER, "wrong").json("POST", "/api/targets/" + id + "/pause", null))) {
            assertEquals(401, a.status(), a.body());
            assertTrue(a.header("WWW-Authenticate").startsWith("Basic"));
        }
        assertEquals("192.0.2.1", target(admin, id).get("ip").asText(), "nothing changed");
        assertEquals("unknown", target(admin, id).get("state").asText());
        assertEquals(200, anyone.get("/api/targets/" + id).status());
        assertEquals(200, anyone.get("/api/targets").status());
        assertEquals(200, anyone.get("/api/targets/export.csv").status());
        assertEquals(200, anyone.get("/api/targets/export.json").status());
        assertEquals(200, anyone.get("/targets/" + id).status());
    }

    @Test
    void a_change_without_json_or_the_pages_token_is_refused_as_cross_site() throws Exception {
        Web web = start();
        assertError(web.form("/api/targets", Map.of("kind", "ping", "ip", "192.0.2.1")), 403, "cross-site");
        assertError(web.call("POST", "/api/targets/import?list=ping_v4.csv", "192.0.2.9\n".getBytes(
                StandardCharsets.UTF_8), "text/plain"), 403, "text/csv");
        String csrf = web.get("/targets/new").csrfField();
        Map<String, String> fields = Map.of("kind", "ping", "ip", "192.0.2.1");
        assertError(web.form("/targets/new", fields), 403, "CSRF");
        Map<String, String> forged = new java.util.HashMap<>(fields);
        forged.put("csrf", "forged");
        assertError(web.form("/targets/new", forged), 403, "CSRF");
        Web other = new Web(server.url()).as(USER, PASSWORD); // another browser: its own cookie
        Map<String, String> stolen = new java.util.HashMap<>(fields);
        stolen.put("csrf", csrf);
        assertError(other.form("/targets/new", stolen), 403, "CSRF");
        assertEquals(0, parse(web.get("/api/targets")).get("count").asInt(), "nothing was added");
        Web.Answer ok = web.form("/targets/new", stolen);
        assertEquals(303, ok.status(), ok.body());
        assertTrue(ok.header("Location").matches("/targets/\\d+"), ok.header("Location"));
        long id = Long.parseLong(ok.header("Location").substring("/targets/".length()));
        for (String change : List.of("/pause", "/resume", "/delete", "/edit")) {
            assertError(web.form("/targets/" + id + change, Map.of("kind", "ping", "ip", "192.0.2.5")), 403, "CSRF");
        }
        assertEquals("192.0.2.1", target(web, id).get("ip").asText());
    }

    @Test
    void every_bad_input_is_a_400_naming_the_field() throws Exception {
        Web web = start();
        String[][] cases = {
                {"{\"ip\":\"192.0.2.1\",\"port\":80}", "kind: missing"},
                {"{\"kind\":\"gopher\",\"ip\":\"192.0.2.1\",\"port\":70}", "kind: 'gopher' is not one of tcp"},
                {"{\"kind\":\"resolve\",\"host\":\"example.com\"}", "kind: 'resolve' is not one of"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\"}", "port: missing"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":\"80\"}", "port: wrong type"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":0}", "port 0: a tcp server needs a port"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":70000}", "port 70000 is outside 1..65535"},
                {"{\"kind\":\"tcp\",\"ip\":\"999.1.1.1\",\"port\":80}", "ip '999.1.1.1' is not an IP address"},
                {"{\"kind\":\"tcp\",\"port\":80}", "no address: ip is empty"},
                {"{\"kind\":\"tcp\",\"host\":\"bad host!\",\"port\":80}", "host 'bad host!' is not a valid host name"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"family\":5}", "family: '5' is not 4 or 6"},
                {"{\"kind\":\"tcp\",\"ip\":\"2001:db8::1\",\"port\":80,\"family\":4}",
                        "family: 4, but ip 2001:db8::1 is an IPv6 address"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"transport\":\"udp\"}",
                        "transport: a tcp target is checked over tcp only, not udp"},
                {"{\"kind\":\"dns\",\"ip\":\"192.0.2.1\",\"port\":53,\"transport\":\"quic\"}",
                        "transport: 'quic' is not udp, tcp or icmp"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"interval\":\"1s\"}",
                        "interval: not a duration from 10s to 30d"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"interval\":\"soon\"}",
                        "interval: not a duration from 10s to 30d"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"interval\":1.5}",
                        "interval: 1.5 is not a whole number of seconds"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"timeout\":\"100ms\"}",
                        "timeout: 100ms is shorter than 1s"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"vantage\":17}",
                        "vantage: not a number of locations from 1 to 16"},
                {"{\"kind\":\"mqtt\",\"ip\":\"192.0.2.1\",\"port\":1883,\"options\":{\"version\":\"4\"}}",
                        "options.version: not 3.1.1 or 5"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"options\":{\"version\":\"5\"}}",
                        "options: 'version' is not a key for tcp (it takes none)"},
                {"{\"kind\":\"turn\",\"ip\":\"192.0.2.1\",\"port\":3478,\"user\":\"a,b\"}",
                        "user: has a comma or a line break"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80,\"intervall\":\"5m\"}",
                        "unknown field 'intervall'"},
                {"{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80", "malformed JSON"},
                {"", "request body is empty"},
        };
        for (String[] c : cases) {
            assertError(web.json("POST", "/api/targets", c[0]), 400, c[1]);
        }
        long id = create(web, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80}").get("id").asLong();
        assertError(web.json("PUT", "/api/targets/" + id, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":-1}"), 400,
                "port '-1' is not a number");
        assertError(web.json("PUT", "/api/targets/abc", "{}"), 400, "id: 'abc' is not a target id");
        assertError(web.json("PUT", "/api/targets/999", "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80}"), 404,
                "no target #999");
        assertError(web.json("POST", "/api/targets/999/pause", null), 404, "no target #999");
        assertError(web.call("POST", "/api/targets/import?list=tcp_v9.csv", "1.2.3.4,80\n".getBytes(
                StandardCharsets.UTF_8), "text/csv"), 400, "list: 'tcp_v9.csv' is not a list file name");
        assertError(web.call("POST", "/api/targets/import", new byte[] {(byte) 0xff, (byte) 0xfe, 'x'}, "text/csv"),
                400, "not UTF-8");
        assertError(web.get("/api/targets/export.csv?list=nope.csv"), 400, "list: 'nope.csv'");
        assertEquals(1, parse(web.get("/api/targets")).get("count").asInt(), "only the good one");

        String csrf = web.get("/targets/new").csrfField();
        Web.Answer page = web.form("/targets/new", Map.of("kind", "tcp", "ip", "192.0.2.2", "port", "eighty",
                "csrf", csrf));
        assertEquals(400, page.status());
        assertTrue(page.body().contains("port &#39;eighty&#39; is not a number")
                || page.body().contains("port 'eighty' is not a number"), page.body());
        assertTrue(page.body().contains("value=\"192.0.2.2\""), "the form keeps what was sent");
    }

    @Test
    void a_list_files_row_is_not_edited_or_deleted_here_but_its_pause_outlives_rescans_and_restarts() throws Exception {
        Path list = dir.resolve("a/lists/tcp_v4.csv");
        Files.createDirectories(list.getParent());
        Files.writeString(list, "# allow-private\n127.0.0.1,7001\n");
        Web web = start();
        long id = parse(web.get("/api/targets")).get("targets").get(0).get("id").asLong();
        assertError(web.json("PUT", "/api/targets/" + id, "{\"kind\":\"tcp\",\"ip\":\"127.0.0.1\",\"port\":7002}"),
                409, "comes from tcp_v4.csv:2, not the UI: edit the file to change it");
        assertError(web.call("DELETE", "/api/targets/" + id, null, null), 409, "edit the file to remove it");
        assertError(web.get("/targets/" + id + "/edit"), 409, "edit the file");
        String page = web.get("/targets/" + id).body();
        assertTrue(page.contains("id=\"list-owned\""), page);
        assertFalse(page.contains("id=\"target-edit\""), "no edit button for a list's row");
        assertEquals(List.of(7001), dealtWithin(Duration.ofSeconds(2)));

        Web.Answer paused = web.json("POST", "/api/targets/" + id + "/pause", null);
        assertEquals(200, paused.status(), paused.body());
        assertEquals("paused", parse(paused).get("state").asText());
        assertEquals("2026-11-22T10:00:02Z", parse(paused).get("paused_at").asText());
        Files.writeString(list, "# allow-private\n# the same row, with its own interval now\n127.0.0.1,7001,0,,,"
                + "interval=1m\n");
        rescan();
        assertEquals("1m", target(web, id).get("interval").asText(), "the file's edit arrived");
        assertEquals("paused", target(web, id).get("state").asText(), "and the pause stayed");
        assertEquals(List.of(), dealtWithin(Duration.ofHours(1)), "a paused target is not dealt");
        assertEquals(1, target(web, id).get("state").asText().equals("paused") ? 1 : 0);
        assertEquals(1, parse(web.get("/api/targets?state=paused")).get("count").asInt());

        server.close();
        web = start();
        assertEquals("paused", target(web, id).get("state").asText(), "the pause outlived a restart");
        assertEquals(List.of(), dealtWithin(Duration.ofHours(1)));
        Web.Answer resumed = web.json("POST", "/api/targets/" + id + "/resume", null);
        assertEquals("up", parse(resumed).get("state").asText(), "its confirmed state is back");
        assertTrue(parse(resumed).get("paused_at").isNull());
        assertEquals(List.of(7001), dealtWithin(Duration.ZERO), "a resumed target is due at once");
        assertEquals(2, parse(web.get("/api/targets/" + id + "/checks")).get("checks").size(), "its record stayed");
    }

    @Test
    void a_list_rescan_leaves_the_ui_targets_alone() throws Exception {
        Web web = start();
        long ui = create(web, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":443}").get("id").asLong();
        Path list = dir.resolve("a/lists/tcp_v4.csv");
        Files.writeString(list, "# allow-private\n192.0.2.1,443\n192.0.2.2,443\n");
        rescan();
        JsonNode files = parse(web.get("/api/imports")).get("files");
        assertTrue(files.toString().contains("already added in the UI"), files.toString());
        assertEquals("ui", target(web, ui).get("source").asText());
        assertEquals(2, parse(web.get("/api/targets")).get("count").asInt());
        Files.delete(list);
        rescan();
        assertEquals(1, parse(web.get("/api/targets")).get("count").asInt(), "the file's own row went");
        assertEquals("ui", target(web, ui).get("source").asText());

        server.close();
        web = start();
        assertEquals("ui", target(web, ui).get("source").asText(), "a first scan after a restart keeps it too");
        assertEquals(1, parse(web.get("/api/targets")).get("count").asInt());
    }

    @Test
    void a_restart_keeps_the_ui_targets_their_settings_and_their_pause() throws Exception {
        Web web = start();
        long kept = create(web, "{\"kind\":\"mqtt\",\"host\":\"broker.example\",\"port\":1883,\"user\":\"u\","
                + "\"password\":\"s3cret\",\"options\":{\"version\":\"5\"},\"vantage\":2}").get("id").asLong();
        long paused = create(web, "{\"kind\":\"ping\",\"ip\":\"192.0.2.7\"}").get("id").asLong();
        assertEquals(200, web.json("POST", "/api/targets/" + paused + "/pause", null).status());
        JsonNode before = target(web, kept);
        assertFalse(before.toString().contains("s3cret"), "never a password in an answer: " + before);
        assertTrue(before.get("has_password").asBoolean());
        server.close();

        web = start();
        JsonNode after = target(web, kept);
        assertEquals(before.get("options"), after.get("options"));
        assertEquals("broker.example", after.get("host").asText());
        assertEquals(2, after.get("vantage").asInt());
        assertEquals("ui", after.get("source").asText());
        assertEquals("paused", target(web, paused).get("state").asText());
        // the worker gets the password, as for a list's row
        clock.advance(Duration.ofSeconds(2));
        try (ScriptedWorker w = new ScriptedWorker(server.url(), "w1")) {
            List<String> passwords = new ArrayList<>();
            w.round(t -> {
                passwords.add(t.password());
                return ScriptedWorker.Verdict.up(1.0);
            });
            assertEquals(List.of("s3cret"), passwords, "only the target not paused, with its credentials");
        }
    }

    @Test
    void tags_are_given_as_a_list_or_words_shown_filtered_on_and_exported() throws Exception {
        Web web = start();
        long nas = create(web, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":445,\"tags\":[\"NAS\",\"home\"]}")
                .get("id").asLong();
        long router = create(web, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.254\",\"port\":443,\"tags\":\"home edge\"}")
                .get("id").asLong();
        create(web, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.9\",\"port\":22}");
        assertEquals(List.of("home", "nas"), json.convertValue(target(web, nas).get("tags"), List.class));
        assertEquals(List.of("edge", "home"), json.convertValue(target(web, router).get("tags"), List.class));
        List<Long> home = new ArrayList<>();
        parse(web.get("/api/targets?tag=home")).get("targets").forEach(t -> home.add(t.get("id").asLong()));
        home.sort(null);
        assertEquals(List.of(nas, router), home);
        assertEquals(1, parse(web.get("/api/targets?tag=NAS")).get("count").asInt(), "a filter's tag is lowered");
        assertEquals(0, parse(web.get("/api/targets?tag=office")).get("count").asInt());
        assertError(web.get("/api/targets?tag=two%20words"), 400, "tag: 'two words' is not a tag");
        String servers = web.get("/servers?tag=nas").body();
        assertTrue(servers.contains("id=\"tag-view\"") && servers.contains("192.0.2.1:445")
                && !servers.contains("192.0.2.254:443"), "the page filtered on nas");
        String page = web.get("/targets/" + nas).body();
        assertTrue(page.contains("href=\"/servers?tag=nas\""), "its page links each tag to the filtered list");
        assertTrue(web.get("/api/targets/export.csv").body().contains("192.0.2.1,445,,,,tags=home;nas"));

        assertError(web.json("POST", "/api/targets", "{\"kind\":\"tcp\",\"ip\":\"192.0.2.2\",\"port\":1,"
                + "\"tags\":[\"-x\"]}"), 400, "tags[0]: '-x' is not a tag");
        assertError(web.json("POST", "/api/targets", "{\"kind\":\"tcp\",\"ip\":\"192.0.2.2\",\"port\":1,"
                + "\"tags\":[7]}"), 400, "tags[0]: not a string");
        assertError(web.json("POST", "/api/targets", "{\"kind\":\"tcp\",\"ip\":\"192.0.2.2\",\"port\":1,"
                + "\"tags\":{\"a\":1}}"), 400, "tags: expected a list of words");
        Web.Answer untagged = web.json("PUT", "/api/targets/" + router, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.254\","
                + "\"port\":443}");
        assertEquals(200, untagged.status(), untagged.body());
        assertEquals(0, parse(untagged).get("tags").size(), "an edit without tags leaves none, as a form does");

        // a page and a window by a tag that goes later may still be edited; a new tag must exist
        assertEquals(201, web.json("POST", "/api/status-pages", "{\"slug\":\"edge\",\"title\":\"Edge\","
                + "\"tags\":[\"home\"]}").status());
        assertEquals(201, web.json("POST", "/api/maintenance", "{\"tag\":\"nas\",\"start\":\"2026-11-23T00:00:00Z\","
                + "\"end\":\"2026-11-23T01:00:00Z\"}").status());
        assertEquals(200, web.json("PUT", "/api/targets/" + nas, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\","
                + "\"port\":445}").status());
        assertEquals(0, parse(web.get("/api/targets?tag=nas")).get("count").asInt(), "no target has nas now");
        Web.Answer retitled = web.json("PUT", "/api/status-pages/edge",
                "{\"title\":\"Edge boxes\",\"tags\":[\"home\"]}");
        assertEquals(200, retitled.status(), retitled.body());
        assertError(web.json("PUT", "/api/status-pages/edge", "{\"title\":\"x\",\"tags\":[\"home\",\"nas\"]}"), 400,
                "tags: no target has the tag 'nas'");
        long window = parse(web.get("/api/maintenance")).get("windows").get(0).get("id").asLong();
        Web.Answer renamed = web.json("PUT", "/api/maintenance/" + window, "{\"name\":\"nas firmware\",\"tag\":"
                + "\"nas\",\"start\":\"2026-11-23T00:00:00Z\",\"end\":\"2026-11-23T01:00:00Z\"}");
        assertEquals(200, renamed.status(), renamed.body());
        assertError(web.json("PUT", "/api/maintenance/" + window, "{\"tag\":\"office\","
                + "\"start\":\"2026-11-23T00:00:00Z\",\"end\":\"2026-11-23T01:00:00Z\"}"), 400,
                "tag: no target has the tag 'office'");
    }

    @Test
    void an_edit_through_the_api_keeps_the_id_the_record_and_the_password_unless_told() throws Exception {
        Web web = start();
        long id = create(web, "{\"kind\":\"turn\",\"ip\":\"192.0.2.1\",\"port\":3478,\"user\":\"u\","
                + "\"password\":\"p\"}").get("id").asLong();
        dealtWithin(Duration.ofSeconds(2));
        Web.Answer moved = web.json("PUT", "/api/targets/" + id, "{\"kind\":\"turn\",\"transport\":\"tcp\","
                + "\"ip\":\"192.0.2.1\",\"port\":443,\"user\":\"u\",\"options\":{\"peer\":\"192.0.2.50\"}}");
        assertEquals(200, moved.status(), moved.body());
        JsonNode t = parse(moved);
        assertEquals(id, t.get("id").asLong());
        assertEquals(443, t.get("port").asInt());
        assertEquals("tcp", t.get("transport").asText());
        assertEquals("192.0.2.50", t.get("options").get("peer").asText());
        assertTrue(t.get("has_password").asBoolean(), "a password left out is kept");
        assertEquals(1, parse(web.get("/api/targets/" + id + "/checks")).get("checks").size(), "its record came along");
        assertFalse(parse(web.json("PUT", "/api/targets/" + id, "{\"kind\":\"turn\",\"ip\":\"192.0.2.1\","
                + "\"port\":443,\"transport\":\"tcp\",\"password\":\"\"}")).get("has_password").asBoolean(),
                "an empty one removes it");
        long other = create(web, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80}").get("id").asLong();
        assertError(web.json("PUT", "/api/targets/" + other, "{\"kind\":\"turn\",\"transport\":\"tcp\","
                + "\"ip\":\"192.0.2.1\",\"port\":443}"), 409, "already added in the UI as target #" + id);
        assertError(web.json("POST", "/api/targets", "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80}"), 409,
                "already added in the UI as target #" + other);
        assertEquals(204, web.call("DELETE", "/api/targets/" + other, null, null).status());
        assertEquals(404, web.get("/api/targets/" + other).status());
        assertEquals(404, web.call("DELETE", "/api/targets/" + other, null, null).status());
    }

    @Test
    void export_then_import_into_a_fresh_dealer_gives_the_same_rows() throws Exception {
        Files.createDirectories(dir.resolve("a/lists"));
        Files.writeString(dir.resolve("a/lists/tcp_v4.csv"), "# allow-private\n127.0.0.1,7001\n0,443,example.com\n");
        Files.writeString(dir.resolve("a/lists/home_ping_v4.csv"), "# allow-private\n192.168.1.1\n");
        Web a = start("a", false);
        create(a, "{\"kind\":\"mqtt\",\"host\":\"broker.example\",\"port\":1883,\"user\":\"u\",\"password\":\"pw\","
                + "\"options\":{\"version\":\"5\"}}");
        create(a, "{\"kind\":\"dns\",\"ip\":\"2001:db8::53\",\"port\":53,\"transport\":\"tcp\",\"interval\":\"2m\","
                + "\"options\":{\"name\":\"example.org\"}}");
        long paused = create(a, "{\"kind\":\"stun\",\"ip\":\"192.0.2.9\",\"port\":3478,\"vantage\":2}")
                .get("id").asLong();
        a.json("POST", "/api/targets/" + paused + "/pause", null);
        Web.Answer csv = a.get("/api/targets/export.csv");
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"));
        assertTrue(csv.header("Content-Disposition").contains("dogdorm-targets.csv"));
        assertEquals(List.of("# list=dns_tcp_v6.csv", "2001:db8::53,53,,,,interval=2m,name=example.org",
                "# list=mqtt_v4.csv", "0,1883,broker.example,u,,version=5",
                "# list=ping_v4.csv", "192.168.1.1",
                "# list=stun_v4.csv", "192.0.2.9,3478,,,,vantage=2",
                "# list=tcp_v4.csv", "127.0.0.1,7001", "0,443,example.com"), rows(csv.body()));
        assertTrue(csv.body().contains("# 1 row's password is left out"), csv.body());
        assertFalse(csv.body().contains("pw"), "no password without --publish-credentials");
        JsonNode exported = parse(a.get("/api/targets/export.json"));
        assertEquals(6, exported.get("count").asInt());
        assertFalse(exported.toString().contains("\"pw\""), exported.toString());
        assertEquals(new TreeSet<>(List.of("ui", "tcp_v4.csv:2", "tcp_v4.csv:3", "home_ping_v4.csv:2")),
                sources(exported));
        assertTrue(exported.toString().contains("\"state\":\"paused\""));

        Web b = start("b", false);
        Web.Answer imported = b.call("POST", "/api/targets/import", csv.body().getBytes(StandardCharsets.UTF_8),
                "text/csv");
        assertEquals(200, imported.status(), imported.body());
        JsonNode report = parse(imported);
        assertEquals(6, report.get("added").asInt(), report.toString());
        assertEquals(0, report.get("skipped").asInt(), report.toString());
        assertEquals(rows(csv.body()), rows(b.get("/api/targets/export.csv").body()), "the same rows again");
        assertEquals(new TreeSet<>(List.of("ui")), sources(parse(b.get("/api/targets/export.json"))));
        JsonNode again = parse(b.call("POST", "/api/targets/import", csv.body().getBytes(StandardCharsets.UTF_8),
                "text/csv"));
        assertEquals(0, again.get("added").asInt());
        assertEquals(6, again.get("unchanged").asInt(), "importing twice adds nothing");

        // back into the first dealer: its list files keep their rows
        JsonNode home = parse(a.call("POST", "/api/targets/import", csv.body().getBytes(StandardCharsets.UTF_8),
                "text/csv"));
        assertEquals(3, home.get("unchanged").asInt(), home.toString());
        assertEquals(3, home.get("skipped").asInt(), home.toString());
        assertTrue(home.toString().contains("listed in tcp_v4.csv:2: list files stay the source of their own rows"),
                home.toString());

        // one list's rows alone: a list file as the lists folder takes it
        Web.Answer tcp = a.get("/api/targets/export.csv?list=tcp_v4.csv");
        assertTrue(tcp.header("Content-Disposition").contains("\"tcp_v4.csv\""));
        assertTrue(tcp.body().startsWith("# allow-private\n"), "it has a loopback address: " + tcp.body());
        CsvList.Parsed asFile = CsvList.parse(ListFile.of("tcp_v4.csv"), tcp.body(), false);
        assertEquals(List.of(), asFile.problems());
        assertEquals(2, asFile.targets().size());
    }

    /** An export's lines that are rows or section heads (not the other comments). */
    private static List<String> rows(String csv) {
        return Arrays.stream(csv.split("\n")).filter(l -> !l.startsWith("#") || l.startsWith("# list=")).toList();
    }

    private static TreeSet<String> sources(JsonNode export) {
        TreeSet<String> out = new TreeSet<>();
        export.get("targets").forEach(t -> out.add(t.get("source").asText()));
        return out;
    }

    @Test
    void an_import_answers_line_by_line_like_a_list_file() throws Exception {
        Files.createDirectories(dir.resolve("a/lists"));
        Files.writeString(dir.resolve("a/lists/tcp_v4.csv"), "# allow-private\n192.0.2.5,80\n");
        Web web = start();
        long ui = create(web, "{\"kind\":\"tcp\",\"ip\":\"192.0.2.1\",\"port\":80}").get("id").asLong();
        String body = String.join("\n", "# my servers", "192.0.2.1,80", "192.0.2.2,80", "192.0.2.3,eighty",
                "192.0.2.2,80", "192.0.2.5,80", "", "192.0.2.1,80,0,,,interval=1h");
        Web.Answer a = web.call("POST", "/api/targets/import?list=tcp_v4.csv", body.getBytes(StandardCharsets.UTF_8),
                "text/csv; charset=utf-8");
        assertEquals(200, a.status(), a.body());
        JsonNode r = parse(a);
        List<String> lines = new ArrayList<>();
        r.get("lines").forEach(l -> lines.add(l.get("line").asInt() + " " + l.get("result").asText()
                + (l.get("reason").isNull() ? "" : ": " + l.get("reason").asText())));
        assertEquals(List.of("2 unchanged", "3 added", "4 skipped: port 'eighty' is not a number",
                "5 skipped: duplicate of line 3",
                "6 skipped: target #1 is tcp/v4/tcp 192.0.2.5:80, listed in tcp_v4.csv:2: list files stay the source"
                        + " of their own rows",
                "8 skipped: duplicate of line 2"), lines);
        assertEquals(1, r.get("added").asInt());
        assertEquals(1, r.get("unchanged").asInt());
        assertEquals(4, r.get("skipped").asInt());
        assertEquals(ui, r.get("lines").get(0).get("id").asLong());

        Web.Answer unnamed = web.call("POST", "/api/targets/import", "192.0.2.8,80\n# list=ping_v4.csv\n192.0.2.8\n"
                .getBytes(StandardCharsets.UTF_8), "text/csv");
        JsonNode u = parse(unnamed);
        assertEquals(1, u.get("added").asInt(), u.toString());
        assertTrue(u.get("lines").get(0).get("reason").asText().contains("no '# list=<file name>' line above this "
                + "row"), u.toString());
        assertEquals("ping_v4.csv", u.get("lines").get(1).get("list").asText());
    }

    @Test
    void the_pages_add_edit_pause_resume_import_and_delete_a_target() throws Exception {
        Web web = start();
        assertTrue(new Web(server.url()).get("/servers").body().contains("href=\"/targets/new\""));
        String csrf = web.get("/targets/new").csrfField();
        Web.Answer added = web.form("/targets/new", Map.of("kind", "dns", "ip", "192.0.2.53", "port", "53",
                "options", "name=example.net", "interval", "30s", "csrf", csrf));
        assertEquals(303, added.status(), added.body());
        String where = added.header("Location");
        long id = Long.parseLong(where.substring("/targets/".length()));
        JsonNode t = target(web, id);
        assertEquals("example.net", t.get("options").get("name").asText());
        assertEquals("30s", t.get("interval").asText());

        Web.Answer page = web.get(where);
        assertTrue(page.body().contains("added in the UI"));
        String token = page.csrfField();
        assertEquals(303, web.form(where + "/pause", Map.of("csrf", token)).status());
        page = web.get(where);
        assertTrue(page.body().contains("id=\"paused\""), page.body());
        assertTrue(page.body().contains("id=\"target-resume\""));
        assertTrue(web.get("/servers?state=paused").body().contains("/targets/" + id));
        assertEquals(303, web.form(where + "/resume", Map.of("csrf", token)).status());
        assertEquals("unknown", target(web, id).get("state").asText());

        Web.Answer edit = web.get(where + "/edit");
        assertEquals(200, edit.status());
        assertTrue(edit.body().contains("value=\"name=example.net\""), "the form holds what the target is");
        Web.Answer saved = web.form(where + "/edit", Map.of("kind", "dns", "ip", "192.0.2.53", "port", "5353",
                "transport", "tcp", "options", "name=example.net", "csrf", token));
        assertEquals(303, saved.status(), saved.body());
        assertEquals(5353, target(web, id).get("port").asInt());
        assertEquals("tcp", target(web, id).get("transport").asText());
        Web.Answer bad = web.form(where + "/edit", Map.of("kind", "dns", "ip", "192.0.2.53", "port", "5353",
                "options", "name", "csrf", token));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("options: &#39;name&#39; is not key=value")
                || bad.body().contains("options: 'name' is not key=value"), bad.body());

        String boundary = "----dogdorm";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"list\"\r\n\r\n\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"home_ping_v4.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n192.0.2.60\n192.0.2.61\nnot an address\n\r\n--" + boundary + "--\r\n";
        Web.Answer report = web.call("POST", "/targets/import", multipart.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary);
        assertEquals(200, report.status(), report.body());
        assertTrue(report.body().contains("Imported: 2 added, 0 unchanged, 1 skipped"), report.body());
        assertTrue(report.body().contains("class=\"import-skipped\""));
        assertEquals(3, parse(web.get("/api/targets")).get("count").asInt());

        assertEquals(303, web.form(where + "/delete", Map.of("csrf", token)).status());
        assertEquals(404, web.get("/api/targets/" + id).status());
        assertNotNull(web.get("/targets/new").csrfField());
    }
}
