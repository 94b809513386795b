package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.Web;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeat pings, the admin API and pages over real HTTP: auth, CSRF, 400/401/403/404/405. */
class HeartbeatHttpIT {
    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final ObjectMapper json = Json.newMapper();
    private DealerServer server;

    private Web start(String password) throws Exception {
        Files.createDirectories(dir.resolve("lists"));
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0)
                .admin(password == null ? null : USER, password).flush(Duration.ofHours(1)) // tests flush at will
                .build();
        server = DealerServer.start(cfg, store, clock);
        return new Web(server.url());
    }

    private Web admin() throws Exception {
        return start(PASSWORD).as(USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode parse(Web.Answer a) throws Exception {
        return json.readTree(a.body());
    }

    /** Creates a token through the API; returns its JSON. */
    private JsonNode create(Web web, String name, String interval) throws Exception {
        Web.Answer a = web.json("POST", "/api/heartbeats", "{\"name\":\"" + name + "\",\"interval\":\"" + interval
                + "\"}");
        assertEquals(201, a.status(), a.body());
        return parse(a);
    }

    private JsonNode get(Web web, long id) throws Exception {
        Web.Answer a = web.get("/api/heartbeats/" + id);
        assertEquals(200, a.status(), a.body());
        return parse(a);
    }

    private static void assertError(Web.Answer a, int status, String text) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.body().contains(text), "'" + text + "' in " + a.body());
    }

    @Test
    void a_ping_by_get_post_or_head_answers_ok_without_any_auth() throws Exception {
        Web web = admin();
        JsonNode hb = create(web, "backup", "1h");
        String token = hb.get("token").asText();
        Web cron = new Web(server.url());
        Web.Answer get = cron.get("/hb/" + token);
        assertEquals(200, get.status());
        assertEquals("ok", get.body());
        assertTrue(get.header("Content-Type").startsWith("text/plain"));
        assertEquals(200, cron.call("POST", "/hb/" + token, "done".getBytes(StandardCharsets.UTF_8), "text/plain")
                .status());
        Web.Answer head = cron.call("HEAD", "/hb/" + token, null, null);
        assertEquals(200, head.status());
        assertEquals("", head.body());
        JsonNode after = get(web, hb.get("id").asLong());
        assertEquals("up", after.get("state").asText());
        assertEquals(3, after.get("pings").asInt());
        assertEquals("127.0.0.1", after.get("last_ping_source").asText());
    }

    @Test
    void an_unknown_token_is_404_and_a_wrong_method_on_a_ping_url_is_405() throws Exception {
        Web web = admin();
        String token = create(web, "backup", "1h").get("token").asText();
        Web cron = new Web(server.url());
        assertEquals(404, cron.get("/hb/AAAAAAAAAAAAAAAAAAAAAAAA").status());
        assertEquals(404, cron.get("/hb/AAAAAAAAAAAAAAAAAAAAAAAA/fail").status());
        assertEquals(404, cron.get("/hb/nope").status());
        assertEquals(405, cron.call("PUT", "/hb/" + token, new byte[0], "text/plain").status());
        assertEquals(405, cron.call("DELETE", "/hb/" + token + "/start", null, null).status());
    }

    @Test
    void a_paused_token_answers_200_but_its_pings_are_logged_as_ignored() throws Exception {
        Web web = admin();
        JsonNode hb = create(web, "backup", "1h");
        long id = hb.get("id").asLong();
        assertEquals(200, web.json("POST", "/api/heartbeats/" + id + "/pause", null).status());
        Web.Answer ping = new Web(server.url()).get("/hb/" + hb.get("token").asText());
        assertEquals(200, ping.status());
        assertEquals("ignored: paused", ping.body());
        JsonNode pings = parse(web.get("/api/heartbeats/" + id + "/pings")).get("pings");
        assertTrue(pings.get(0).get("ignored").asBoolean());
        assertEquals("paused", get(web, id).get("state").asText());
        assertTrue(get(web, id).get("last_ping").isNull());
    }

    @Test
    void fail_makes_a_token_down_at_once_and_start_times_the_run() throws Exception {
        Web web = admin();
        JsonNode hb = create(web, "backup", "1h");
        long id = hb.get("id").asLong();
        Web cron = new Web(server.url());
        String url = "/hb/" + hb.get("token").asText();
        assertTrue(get(web, id).get("last_start").isNull(), "not started yet");
        Instant started = clock.instant();
        cron.get(url + "/start");
        assertEquals(started.toString(), get(web, id).get("last_start").asText());
        clock.advance(Duration.ofSeconds(30));
        cron.get(url);
        assertEquals(30_000, get(web, id).get("last_run_ms").asLong());
        assertEquals("up", get(web, id).get("state").asText());
        cron.get(url + "/start");
        clock.advance(Duration.ofSeconds(5));
        cron.call("POST", url + "/fail", "disk full".getBytes(StandardCharsets.UTF_8), "text/plain");
        JsonNode failed = get(web, id);
        assertEquals("down", failed.get("state").asText());
        assertEquals("2026-11-22T10:00:35Z", failed.get("failure_reported_at").asText());
        JsonNode transitions = parse(web.get("/api/heartbeats/" + id + "/transitions")).get("transitions");
        assertEquals("down", transitions.get(0).get("to").asText());
        assertEquals("failure reported from 127.0.0.1", transitions.get(0).get("reason").asText());
        JsonNode lastPing = parse(web.get("/api/heartbeats/" + id + "/pings")).get("pings").get(0);
        assertEquals("fail", lastPing.get("kind").asText());
        assertEquals("disk full", lastPing.get("body").asText());
        assertEquals(5000, lastPing.get("run_ms").asLong());
    }

    @Test
    void a_post_body_is_kept_up_to_10_kb_and_the_log_says_it_was_cut() throws Exception {
        Web web = admin();
        JsonNode hb = create(web, "backup", "1h");
        Web cron = new Web(server.url());
        byte[] big = "x".repeat(15_000).getBytes(StandardCharsets.UTF_8);
        assertEquals(200, cron.call("POST", "/hb/" + hb.get("token").asText(), big, "text/plain").status());
        cron.call("POST", "/hb/" + hb.get("token").asText(), "all fine\n".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        JsonNode pings = parse(web.get("/api/heartbeats/" + hb.get("id").asLong() + "/pings")).get("pings");
        assertEquals("all fine\n", pings.get(0).get("body").asText());
        assertFalse(pings.get(0).get("truncated").asBoolean());
        assertEquals(10 * 1024, pings.get(1).get("body").asText().length());
        assertEquals(15_000, pings.get(1).get("body_bytes").asLong());
        assertTrue(pings.get(1).get("truncated").asBoolean());
    }

    @Test
    void admin_pages_and_api_need_basic_auth_and_pings_do_not() throws Exception {
        Web web = start(PASSWORD);
        for (String path : new String[] {"/heartbeats", "/api/heartbeats", "/heartbeats/1", "/api/heartbeats/1/pings"}) {
            Web.Answer a = web.anonymous().get(path);
            assertEquals(401, a.status(), path);
            assertEquals("Basic realm=\"Dogdorm admin\", charset=\"UTF-8\"", a.header("WWW-Authenticate"));
        }
        assertError(web.as(USER, "wrong").get("/api/heartbeats"), 401, "wrong admin user or password");
        assertError(web.as("root", PASSWORD).get("/api/heartbeats"), 401, "wrong admin user or password");
        assertError(web.anonymous().json("POST", "/api/heartbeats", "{\"name\":\"x\",\"interval\":\"1h\"}"), 401,
                "admin credentials required");
        assertEquals(401, web.anonymous().call("GET", "/api/heartbeats", null, null, "Authorization",
                "Basic !!!not-base64").status());
        assertTrue(server.heartbeats().all().isEmpty());
        create(web.as(USER, PASSWORD), "backup", "1h");
        for (String variant : new String[] {"/heartbeats/", "/api/heartbeats/", "//heartbeats", "/api//heartbeats",
                "/heartbeats/1/", "/api/heartbeats/1/", "/./heartbeats", "/api/heartbeats/./1", "/x/../heartbeats",
                "/HEARTBEATS", "/api/heartbeats;x=1", "/api/heartbeats/1;x/pings", "/%68eartbeats"}) {
            int status = web.anonymous().get(variant).status();
            assertTrue(status == 401 || status == 404 || status == 400, variant + " answered " + status);
        }
        assertEquals(200, web.as(USER, PASSWORD).get("/api/heartbeats").status());
        assertEquals(200, web.get("/heartbeats").status());
        assertEquals(200, web.get("/servers").status(), "the public pages stay public");
        assertFalse(web.get("/heartbeats").body().contains(PASSWORD), "the password is never on a page");
    }

    @Test
    void the_api_creates_lists_updates_pauses_resumes_and_deletes() throws Exception {
        Web web = admin();
        Web.Answer created = web.json("POST", "/api/heartbeats",
                "{\"name\":\"db backup\",\"interval\":\"1h\",\"grace\":\"10m\",\"description\":\"to S3\"}",
                "Host", "dealer.example:8000");
        assertEquals(201, created.status(), created.body());
        JsonNode hb = parse(created);
        long id = hb.get("id").asLong();
        String token = hb.get("token").asText();
        assertEquals("/api/heartbeats/" + id, created.header("Location"));
        assertTrue(token.matches("[A-Za-z0-9_-]{24}"), token);
        assertEquals("http://dealer.example:8000/hb/" + token, hb.get("ping_url").asText());
        assertEquals("curl -fsS -m 10 --retry 5 -o /dev/null http://dealer.example:8000/hb/" + token,
                hb.get("curl").asText(), "quiet: cron mails nothing unless the ping fails");
        assertEquals("new", hb.get("state").asText());
        assertEquals(3600, hb.get("interval_s").asInt());
        assertEquals("10m", hb.get("grace").asText());
        assertFalse(hb.get("grace_default").asBoolean());
        assertEquals("to S3", hb.get("description").asText());

        JsonNode list = parse(web.get("/api/heartbeats"));
        assertEquals(1, list.get("count").asInt());
        assertEquals(0, list.get("down").asInt());
        assertEquals(1, list.get("states").get("new").asInt());
        assertEquals(token, list.get("heartbeats").get(0).get("token").asText());

        Web.Answer updated = web.json("PUT", "/api/heartbeats/" + id, "{\"name\":\"db backup\",\"interval\":\"30m\"}");
        assertEquals(200, updated.status(), updated.body());
        assertEquals("30m", parse(updated).get("interval").asText());
        assertEquals("3m", parse(updated).get("grace").asText(), "no grace given: the default");
        assertEquals("", parse(updated).get("description").asText());

        assertEquals("paused", parse(web.json("POST", "/api/heartbeats/" + id + "/pause", null)).get("state")
                .asText());
        assertEquals("new", parse(web.json("POST", "/api/heartbeats/" + id + "/resume", "{}")).get("state")
                .asText());
        assertEquals(token, store.load().heartbeats().tokens().get(0).token());

        Web.Answer deleted = web.call("DELETE", "/api/heartbeats/" + id, null, null);
        assertEquals(204, deleted.status());
        assertEquals(404, web.get("/api/heartbeats/" + id).status());
        assertEquals(404, new Web(server.url()).get("/hb/" + token).status(), "its URL stops working");
        assertTrue(store.load().heartbeats().tokens().isEmpty());
    }

    @Test
    void api_bodies_are_checked_with_a_400_naming_the_field() throws Exception {
        Web web = admin();
        assertError(web.json("POST", "/api/heartbeats", ""), 400, "request body is empty");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":"), 400, "malformed JSON at line 1");
        assertError(web.json("POST", "/api/heartbeats", "{\"interval\":\"1h\"}"), 400, "name: missing or blank");
        Web.Answer typo = web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\",\"grace_period\":\"1h\"}");
        assertEquals(400, typo.status(), typo.body());
        assertEquals("unknown field 'grace_period' (known: cron, description, grace, interval, name, tz)",
                parse(typo).get("error").asText());
        assertTrue(web.get("/api/heartbeats").body().contains("\"count\":0"), "nothing was created");
        Web.Answer trailing = web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\"} {\"x\":1}");
        assertEquals(400, trailing.status(), trailing.body());
        assertEquals("request body: more follows the JSON object", parse(trailing).get("error").asText());
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\",\"name\":\"c\"}"), 400,
                "Duplicate field 'name'");
        assertTrue(web.get("/api/heartbeats").body().contains("\"count\":0"), "still nothing was created");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\"}"), 400, "interval: missing");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"10s\"}"), 400,
                "interval: 10s is outside 30s..30d");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\",\"grace\":\"soon\"}"),
                400, "grace: duration 'soon' is not understood");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":{\"a\":1},\"interval\":\"1h\"}"), 400, "name");
        long id = create(web, "b", "1h").get("id").asLong();
        assertError(web.json("PUT", "/api/heartbeats/" + id, "{\"name\":\"b\",\"interval\":\"31d\"}"), 400,
                "interval: 31d is outside 30s..30d");
        assertEquals("1h", get(web, id).get("interval").asText(), "a refused update changes nothing");
        assertError(web.get("/api/heartbeats/" + id + "/pings?limit=0"), 400, "limit: 0 is outside 1..100");
    }

    @Test
    void unknown_ids_are_404_bad_ids_400_and_wrong_methods_405() throws Exception {
        Web web = admin();
        assertError(web.get("/api/heartbeats/99"), 404, "no heartbeat #99");
        assertError(web.json("PUT", "/api/heartbeats/99", "{\"name\":\"b\",\"interval\":\"1h\"}"), 404,
                "no heartbeat #99");
        assertError(web.json("POST", "/api/heartbeats/99/pause", null), 404, "no heartbeat #99");
        assertError(web.call("DELETE", "/api/heartbeats/99", null, null), 404, "no heartbeat #99");
        assertError(web.get("/api/heartbeats/99/pings"), 404, "no heartbeat #99");
        assertError(web.get("/heartbeats/99"), 404, "no heartbeat #99");
        assertError(web.get("/api/heartbeats/abc"), 400, "id: 'abc' is not a heartbeat id");
        long id = create(web, "b", "1h").get("id").asLong();
        assertEquals(405, web.json("PATCH", "/api/heartbeats/" + id, "{}").status());
        assertEquals(405, web.json("PUT", "/api/heartbeats", "{}").status());
        assertEquals(405, web.call("DELETE", "/api/heartbeats", null, null).status());
        assertEquals(405, web.get("/api/heartbeats/" + id + "/pause").status(), "no change by GET");
        assertEquals(405, web.get("/heartbeats/" + id + "/delete").status(), "no change by GET");
        assertEquals(405, web.get("/heartbeats/" + id + "/pause").status(), "no change by GET");
        assertEquals(1, server.heartbeats().all().size());
        assertTrue(server.heartbeats().all().get(0).enabled());
    }

    @Test
    void a_form_post_without_the_right_csrf_token_is_refused() throws Exception {
        Web web = admin();
        Web.Answer page = web.get("/heartbeats");
        String csrf = page.csrfField();
        assertNotNull(web.cookies().get(Csrf.COOKIE), "the page gave this browser its CSRF cookie");
        assertTrue(page.header("Set-Cookie").contains("HttpOnly"));
        assertTrue(page.header("Set-Cookie").contains("SameSite=Strict"));
        Map<String, String> fields = Map.of("name", "backup", "interval", "1h");

        assertError(web.form("/heartbeats", fields), 403, "CSRF");
        assertError(web.form("/heartbeats", Map.of("name", "backup", "interval", "1h", "csrf", "forged")), 403,
                "CSRF");
        Web other = new Web(server.url()).as(USER, PASSWORD);
        assertError(other.form("/heartbeats", Map.of("name", "backup", "interval", "1h", "csrf", csrf)), 403,
                "CSRF"); // the field without its cookie
        other.get("/heartbeats");
        assertError(other.form("/heartbeats", Map.of("name", "backup", "interval", "1h", "csrf", csrf)), 403,
                "CSRF"); // the field of another browser's cookie
        assertTrue(server.heartbeats().all().isEmpty());

        Web.Answer ok = web.form("/heartbeats", Map.of("name", "backup", "interval", "1h", "csrf", csrf));
        assertEquals(303, ok.status(), ok.body());
        long id = server.heartbeats().all().get(0).id();
        assertEquals("/heartbeats#hb-" + id, ok.header("Location"));

        for (String change : new String[] {"/pause", "/delete", ""}) {
            assertError(web.form("/heartbeats/" + id + change, Map.of("name", "x", "interval", "2h")), 403, "CSRF");
        }
        assertTrue(server.heartbeats().all().get(0).enabled());
        assertEquals(303, web.form("/heartbeats/" + id + "/pause", Map.of("csrf", csrf)).status());
        assertFalse(server.heartbeats().all().get(0).enabled());
        assertEquals(303, web.form("/heartbeats/" + id + "/delete", Map.of("csrf", csrf)).status());
        assertTrue(server.heartbeats().all().isEmpty());
    }

    @Test
    void an_api_post_that_is_not_json_is_refused_as_cross_site() throws Exception {
        Web web = admin();
        assertError(web.call("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\"}"
                .getBytes(StandardCharsets.UTF_8), "text/plain"), 403, "Content-Type: application/json");
        assertError(web.form("/api/heartbeats", Map.of("name", "b", "interval", "1h")), 403, "cross-site");
        assertTrue(server.heartbeats().all().isEmpty());
    }

    @Test
    void an_api_post_without_a_content_type_is_refused_saying_what_to_send() throws Exception {
        Web web = admin();
        long id = create(web, "backup", "1h").get("id").asLong();
        assertEquals(200, web.json("POST", "/api/heartbeats/" + id + "/pause", null).status());
        Web.Answer bare = web.call("POST", "/api/heartbeats/" + id + "/resume", null, null); // as curl -X POST
        assertEquals(403, bare.status(), bare.body());
        assertEquals("cross-site request refused: an API POST needs the header Content-Type: application/json, "
                + "even one without a body such as pause or resume (curl -X POST -H 'Content-Type: "
                + "application/json' ...), or the X-CSRF-Token header of this dealer's pages",
                parse(bare).get("error").asText());
        assertEquals("paused", get(web, id).get("state").asText(), "refused: nothing changed");
        Web.Answer resumed = web.json("POST", "/api/heartbeats/" + id + "/resume", null); // no body needed
        assertEquals(200, resumed.status(), resumed.body());
        assertTrue(get(web, id).get("enabled").asBoolean());
    }

    @Test
    void the_form_shows_what_is_wrong_and_keeps_what_was_typed() throws Exception {
        Web web = admin();
        String csrf = web.get("/heartbeats").csrfField();
        Web.Answer a = web.form("/heartbeats", Map.of("name", "nightly <b>backup</b>", "interval", "10s",
                "csrf", csrf));
        assertEquals(400, a.status());
        assertTrue(a.body().contains("interval: 10s is outside 30s..30d"), a.body());
        assertTrue(a.body().contains("value=\"nightly &lt;b&gt;backup&lt;/b&gt;\""), "kept, and escaped");
        assertTrue(server.heartbeats().all().isEmpty());
    }

    @Test
    void the_page_shows_each_token_with_its_curl_line_and_escapes_names() throws Exception {
        Web web = admin();
        String token = create(web, "<script>alert(1)</script>", "1h").get("token").asText();
        Web.Answer page = web.get("/heartbeats");
        assertEquals(200, page.status());
        assertFalse(page.body().contains("<script>alert(1)"), "raw script tag on the page");
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.body().contains("curl -fsS -m 10 --retry 5 -o /dev/null " + server.url() + "/hb/" + token));
        assertTrue(page.body().contains("<title>Heartbeats · Dogdorm</title>"));
        clock.advance(Duration.ofHours(2));
        new Web(server.url()).get("/hb/" + token + "/fail");
        assertTrue(web.get("/heartbeats").body().contains("<title>(1 down) Heartbeats · Dogdorm</title>"));
        long id = server.heartbeats().all().get(0).id();
        Web.Answer detail = web.get("/heartbeats/" + id);
        assertEquals(200, detail.status());
        assertTrue(detail.body().contains("failure reported from 127.0.0.1"), "the transition is on the page");
        assertFalse(detail.body().contains("<script>alert(1)"), "raw script tag on the token's page");
        assertTrue(detail.body().contains("Delete “&lt;script&gt;alert(1)&lt;/script&gt;”?"), "escaped in the shared parts");
    }

    @Test
    void without_credentials_on_loopback_the_pages_are_open_to_loopback_host_names_only() throws Exception {
        Web web = start(null);
        assertEquals(200, web.get("/heartbeats").status());
        assertEquals(200, web.get("/api/heartbeats", "Host", "localhost:8000").status());
        assertError(web.get("/api/heartbeats", "Host", "attacker.example"), 403, "loopback host name");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\"}", "Host",
                "attacker.example:8000"), 403, "loopback host name");
        assertTrue(server.heartbeats().all().isEmpty());
    }

    @Test
    void metrics_count_tokens_by_state() throws Exception {
        Web web = admin();
        String token = create(web, "a", "1h").get("token").asText();
        create(web, "b", "1h");
        new Web(server.url()).get("/hb/" + token);
        clock.advance(Duration.ofHours(2));
        String metrics = web.get("/metrics").body();
        assertTrue(metrics.contains("dogdorm_heartbeats{state=\"down\"} 1.0"), metrics);
        assertTrue(metrics.contains("dogdorm_heartbeats{state=\"new\"} 1.0"));
        assertTrue(metrics.contains("dogdorm_heartbeats{state=\"up\"} 0.0"));
        assertTrue(metrics.contains("dogdorm_heartbeat_pings_total{outcome=\"recorded\"} 1.0"));
        assertFalse(metrics.contains(token), "no token in the metrics");
    }

    @Test
    void pings_reach_the_store_with_their_transitions_soon_and_the_rest_with_the_flush_or_on_close()
            throws Exception {
        Web web = admin();
        JsonNode hb = create(web, "backup", "1h");
        String url = "/hb/" + hb.get("token").asText();
        new Web(server.url()).get(url); // new -> up: a transition, stored soon
        server.flusher().flushNow();
        Instant first = clock.instant();
        assertEquals(first, store.load().heartbeats().tokens().get(0).lastPing());
        clock.advance(Duration.ofMinutes(1));
        new Web(server.url()).get(url); // changes nothing but the last ping
        assertEquals(first, store.load().heartbeats().tokens().get(0).lastPing(),
                "a ping that changes no state waits for the next flush");
        server.close();
        assertEquals(clock.instant(), store.load().heartbeats().tokens().get(0).lastPing());
        assertEquals(HeartbeatState.UP, store.load().heartbeats().tokens().get(0).recorded());
        assertEquals(2, store.pings(hb.get("id").asLong(), 10).size());
    }

    @Test
    void durations_in_the_api_may_be_numbers_of_seconds_and_strings_keep_working() throws Exception {
        Web web = admin();
        Web.Answer a = web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":60,\"grace\":45}");
        assertEquals(201, a.status(), a.body());
        JsonNode hb = parse(a);
        assertEquals("1m", hb.get("interval").asText());
        assertEquals(60, hb.get("interval_s").asLong());
        assertEquals("45s", hb.get("grace").asText());
        long id = hb.get("id").asLong();
        Web.Answer mixed = web.json("PUT", "/api/heartbeats/" + id, "{\"name\":\"b\",\"interval\":\"2h\","
                + "\"grace\":600}");
        assertEquals(200, mixed.status(), mixed.body());
        assertEquals(7200, parse(mixed).get("interval_s").asLong());
        assertEquals("10m", parse(mixed).get("grace").asText());
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":10}"), 400,
                "interval: 10s is outside 30s..30d");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":1.5}"), 400,
                "interval: 1.5 is not a whole number of seconds greater than zero");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":-60}"), 400,
                "interval: -60 is not a whole number of seconds greater than zero");
        Web.Answer flag = web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":true}");
        assertEquals(400, flag.status());
        assertEquals("interval: expected a duration such as \"5m\" or a number of seconds, not true",
                parse(flag).get("error").asText());
        Web.Answer object = web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\",\"grace\":{}}");
        assertEquals(400, object.status());
        assertEquals("grace: expected a duration such as \"5m\" or a number of seconds, not an object",
                parse(object).get("error").asText());
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1h\",\"grace\":5}"),
                400, "grace: 5s is outside 30s..30d");
        assertEquals(1, server.heartbeats().all().size(), "only the first was created");
    }

    @Test
    void a_cron_token_is_created_over_http_and_its_state_follows_its_runs_across_the_spring_forward()
            throws Exception {
        clock.set(Instant.parse("2026-03-28T01:00:00Z"));
        Web web = admin();
        Web.Answer a = web.json("POST", "/api/heartbeats",
                "{\"name\":\"nightly\",\"cron\":\"30 2 * * *\",\"tz\":\"Europe/Berlin\"}");
        assertEquals(201, a.status(), a.body());
        JsonNode hb = parse(a);
        assertEquals("30 2 * * *", hb.get("cron").asText());
        assertEquals("Europe/Berlin", hb.get("tz").asText());
        assertTrue(hb.get("interval").isNull());
        assertTrue(hb.get("interval_s").isNull());
        assertEquals("1h", hb.get("grace").asText());
        assertTrue(hb.get("grace_default").asBoolean());
        long id = hb.get("id").asLong();
        clock.set(Instant.parse("2026-03-28T01:35:00Z")); // 28 March 02:35 CET: the run pings
        assertEquals("ok", new Web(server.url()).get("/hb/" + hb.get("token").asText()).body());
        assertEquals("2026-03-30T00:30:00Z", get(web, id).get("due_at").asText(), "no 02:30 on the 29th");
        assertEquals("2026-03-30T01:30:00Z", get(web, id).get("down_at").asText());
        clock.set(Instant.parse("2026-03-29T12:00:00Z"));
        assertEquals("up", get(web, id).get("state").asText());
        clock.set(Instant.parse("2026-03-30T00:30:00Z"));
        assertEquals("late", get(web, id).get("state").asText());
        clock.set(Instant.parse("2026-03-30T01:30:00Z"));
        assertEquals("down", get(web, id).get("state").asText());
        assertTrue(web.get("/heartbeats/" + id).body().contains("cron 30 2 * * * (Europe/Berlin) + 1h grace"));

        Web.Answer back = web.json("PUT", "/api/heartbeats/" + id, "{\"name\":\"nightly\",\"interval\":86400}");
        assertEquals(200, back.status(), back.body());
        assertTrue(parse(back).get("cron").isNull(), "an interval replaces the cron schedule");
        assertEquals("1d", parse(back).get("interval").asText());
    }

    @Test
    void a_bad_cron_schedule_is_a_400_naming_its_field() throws Exception {
        Web web = admin();
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"cron\":\"0 24 * * *\"}"), 400,
                "cron: '0 24 * * *': value 24 not in range [0, 23]");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"cron\":\"0 3 * * *\","
                + "\"tz\":\"Mars/Olympus\"}"), 400, "tz: 'Mars/Olympus' is not a time zone name");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"cron\":\"0 3 * * *\","
                + "\"interval\":\"1d\"}"), 400, "cron: give either an interval or a cron schedule, not both");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"interval\":\"1d\","
                + "\"tz\":\"UTC\"}"), 400, "tz: only for a cron schedule");
        assertError(web.json("POST", "/api/heartbeats", "{\"name\":\"b\",\"cron\":3}"), 400, "cron");
        assertTrue(server.heartbeats().all().isEmpty());
    }

    @Test
    void a_resumed_token_that_had_fired_waits_for_a_ping_until_one_comes() throws Exception {
        Web web = admin();
        JsonNode hb = create(web, "backup", "1h");
        long id = hb.get("id").asLong();
        Web cron = new Web(server.url());
        cron.get("/hb/" + hb.get("token").asText());
        clock.advance(Duration.ofHours(2));
        assertEquals("down", get(web, id).get("state").asText());
        assertEquals(200, web.json("POST", "/api/heartbeats/" + id + "/pause", null).status());
        Web.Answer resumed = web.json("POST", "/api/heartbeats/" + id + "/resume", null);
        assertEquals(200, resumed.status(), resumed.body());
        assertEquals("waiting", parse(resumed).get("state").asText(), "not up: nothing has pinged since");
        assertEquals(1, parse(web.get("/api/heartbeats")).get("states").get("waiting").asInt());
        assertTrue(web.get("/heartbeats").body().contains("waiting for a ping"));
        cron.get("/hb/" + hb.get("token").asText());
        assertEquals("up", get(web, id).get("state").asText());
    }

    @Test
    void the_page_shows_down_and_late_cards_first_then_the_rest_by_id() throws Exception {
        Web web = admin();
        long[] ids = new long[4];
        String[] tokens = new String[4];
        String[] every = {"2h", "1h", "2h", "1h"};
        for (int i = 0; i < 4; i++) {
            JsonNode hb = create(web, "job " + i, every[i]);
            ids[i] = hb.get("id").asLong();
            tokens[i] = hb.get("token").asText();
        }
        Web cron = new Web(server.url());
        for (int i = 0; i < 3; i++) {
            cron.get("/hb/" + tokens[i]); // the fourth stays new
        }
        clock.advance(Duration.ofMinutes(61)); // the 1h one (1) is late, the 2h ones up
        cron.get("/hb/" + tokens[2] + "/fail"); // down
        String page = web.get("/heartbeats").body();
        List<Long> order = new ArrayList<>();
        Matcher m = Pattern.compile("<article class=\"hb-card[^\"]*\" id=\"hb-(\\d+)\"").matcher(page);
        while (m.find()) {
            order.add(Long.parseLong(m.group(1)));
        }
        assertEquals(List.of(ids[2], ids[1], ids[0], ids[3]), order, "down, late, then up and new by id");
        List<Long> api = new ArrayList<>();
        parse(web.get("/api/heartbeats")).get("heartbeats").forEach(h -> api.add(h.get("id").asLong()));
        assertEquals(List.of(ids[0], ids[1], ids[2], ids[3]), api, "the API lists by id");
    }

    @Test
    void the_form_creates_a_cron_token_and_shows_a_bad_time_zone_with_what_was_typed() throws Exception {
        Web web = admin();
        String csrf = web.get("/heartbeats").csrfField();
        Web.Answer bad = web.form("/heartbeats", Map.of("name", "nightly", "interval", "", "cron", "30 2 * * *",
                "tz", "Europe/Berln", "csrf", csrf));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("tz: &#39;Europe/Berln&#39; is not a time zone name"), bad.body());
        assertTrue(bad.body().contains("value=\"30 2 * * *\""), "the cron expression typed is kept");
        Web.Answer ok = web.form("/heartbeats", Map.of("name", "nightly", "interval", "", "cron", "30 2 * * *",
                "tz", "Europe/Berlin", "grace", "", "csrf", csrf));
        assertEquals(303, ok.status(), ok.body());
        var h = server.heartbeats().all().get(0);
        assertEquals("cron 30 2 * * * (Europe/Berlin)", h.schedule().describe());
        String detail = web.get("/heartbeats/" + h.id()).body();
        assertTrue(detail.contains("value=\"Europe/Berlin\""), "the edit form holds the zone");
        assertTrue(detail.contains("curl -fsS -m 10 --retry 5 -o /dev/null " + server.url() + "/hb/" + h.token()
                + "/start"), "the start line has the same options");
    }
}
