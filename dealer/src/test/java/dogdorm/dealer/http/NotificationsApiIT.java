package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.HookReceiver;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.SmtpReceiver;
import dogdorm.dealer.testkit.Web;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/notifications} and {@code /notifications} over real HTTP: admin auth and CSRF, 400s that name the
 * field, changes that take effect at once, the test button, and secrets shown masked only.
 */
class NotificationsApiIT {
    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String TOKEN = "T0SECRET/B0SECRET/xoxbSECRETtoken1234";
    private static final String SMTP_PASSWORD = "smtp-pa55word-kept-secret";

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final ObjectMapper json = Json.newMapper();
    private HookReceiver hooks;
    private SmtpReceiver smtp;
    private DealerServer server;
    private Web web;

    @BeforeEach
    void start() throws Exception {
        hooks = new HookReceiver();
        smtp = SmtpReceiver.withLogin("bot", SMTP_PASSWORD);
        Files.createDirectories(dir.resolve("lists"));
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0)
                .admin(USER, PASSWORD).flush(Duration.ofHours(1))
                .notifyUrls(List.of("slack:" + hooks.url("/services/CLI" + TOKEN))).build();
        server = DealerServer.start(cfg, store, clock);
        web = new Web(server.url()).as(USER, PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        hooks.close();
        smtp.close();
    }

    private JsonNode created(String body) throws Exception {
        Web.Answer a = web.json("POST", "/api/notifications", body);
        assertEquals(201, a.status(), a.body());
        JsonNode r = json.readTree(a.body());
        assertEquals("/api/notifications/" + r.get("id").asLong(), a.header("Location"));
        return r;
    }

    private JsonNode slack() throws Exception {
        return created("{\"name\":\"ops\",\"kind\":\"slack\",\"url\":\"" + hooks.url("/services/" + TOKEN)
                + "\",\"filter\":{\"events\":[\"target.down\"],\"targets\":[4,2]}}");
    }

    private JsonNode mail() throws Exception {
        return created("{\"name\":\"mail\",\"kind\":\"email\",\"email\":{\"host\":\"127.0.0.1\",\"port\":"
                + smtp.port() + ",\"starttls\":false,\"user\":\"bot\",\"password\":\"" + SMTP_PASSWORD
                + "\",\"from\":\"dogdorm@example.org\",\"to\":[\"ops@example.org\"]}}");
    }

    private static void assertError(Web.Answer a, int status, String text) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.body().contains(text), "'" + text + "' in " + a.body());
    }

    private static void assertNoSecret(String text) {
        for (String secret : List.of(TOKEN, "T0SECRET", "xoxbSECRETtoken", SMTP_PASSWORD, PASSWORD)) {
            assertFalse(text.contains(secret), "'" + secret + "' shown in:\n" + text);
        }
    }

    @Test
    void a_receiver_is_created_read_listed_and_shown_with_its_url_masked() throws Exception {
        JsonNode r = slack();
        assertEquals("ops", r.get("name").asText());
        assertEquals("slack", r.get("kind").asText());
        assertEquals("api", r.get("source").asText());
        assertTrue(r.get("editable").asBoolean());
        assertEquals("http://127.0.0.1:" + hooks.url("").split(":")[2] + "/…/1234", r.get("url").asText());
        assertEquals("[2,4]", r.get("filter").get("targets").toString());
        assertEquals("[\"target.down\"]", r.get("filter").get("events").toString());
        assertEquals("target.down of #2, #4", r.get("routes").asText());
        JsonNode m = mail().get("email");
        assertTrue(m.get("has_password").asBoolean());
        assertFalse(m.has("password"));
        assertEquals("bot", m.get("user").asText());

        Web.Answer list = web.get("/api/notifications");
        JsonNode all = json.readTree(list.body());
        assertEquals(3, all.get("count").asInt());
        JsonNode cli = all.get("receivers").get(0);
        assertTrue(cli.get("id").isNull());
        assertEquals("command line", cli.get("source").asText());
        assertFalse(cli.get("editable").asBoolean());
        assertEquals("everything", cli.get("routes").asText());
        assertEquals(r, json.readTree(web.get("/api/notifications/" + r.get("id").asLong()).body()));
        assertNoSecret(list.body());
        String page = web.get("/notifications").body();
        assertTrue(page.contains("from the command line"), page);
        assertTrue(page.contains("ops@example.org via 127.0.0.1:" + smtp.port()), page);
        assertNoSecret(page);
    }

    @Test
    void bad_input_is_a_400_naming_the_field() throws Exception {
        String hook = hooks.url("/h");
        Map<String, String> bodies = Map.of(
                "{\"name\":\"x\",\"kind\":\"slack\",\"url\":\"not a url/" + TOKEN + "\"}", "url: not an http",
                "{\"name\":\"x\",\"kind\":\"teams\",\"url\":\"" + hook + "\"}",
                "kind: 'teams' is not one of json, slack, discord, ntfy, email",
                "{\"name\":\"x\",\"kind\":\"email\",\"email\":{\"host\":\"h\",\"from\":\"me\",\"to\":[\"a@b\"]}}",
                "email.from: 'me' is not an e-mail address",
                "{\"name\":\"x\",\"kind\":\"email\",\"email\":{\"host\":\"h\",\"port\":65536,\"from\":\"a@b\","
                        + "\"to\":[\"a@b\"]}}", "email.port: 65536 is outside 1..65535",
                "{\"name\":\"x\",\"kind\":\"email\",\"email\":{\"host\":\"h\",\"from\":\"a@b\",\"to\":\"a@b\"}}",
                "email.to: wrong type, expected a list",
                "{\"name\":\"x\",\"kind\":\"json\",\"url\":\"" + hook + "\",\"filter\":{\"events\":[\"down\"]}}",
                "filter.events: 'down' is not an event type",
                "{\"name\":\"x\",\"kind\":\"json\",\"url\":\"" + hook + "\",\"filter\":{\"target\":[1]}}",
                "filter: unknown field 'target'",
                "{\"name\":\"x\",\"kind\":\"json\",\"url\":\"" + hook + "\",\"filter\":{\"targets\":[\"a\"]}}",
                "filter.targets[0]",
                "{\"kind\":\"json\",\"url\":\"" + hook + "\"}", "name: missing",
                "{\"name\":\"x\",\"url\":\"" + hook + "\"}", "kind: missing");
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            Web.Answer a = web.json("POST", "/api/notifications", b.getKey());
            assertError(a, 400, b.getValue());
            assertNoSecret(a.body());
        }
        assertEquals(1, json.readTree(web.get("/api/notifications").body()).get("count").asInt(),
                "nothing but the --notify one");
        assertError(web.get("/api/notifications/99"), 404, "no notification receiver #99");
        assertError(web.get("/api/notifications/x"), 400, "id: 'x' is not a receiver id");
    }

    @Test
    void the_page_and_api_need_the_admin_and_a_change_needs_json_or_the_pages_token() throws Exception {
        for (String path : new String[] {"/notifications", "/api/notifications", "/api/notifications/1"}) {
            assertEquals(401, new Web(server.url()).get(path).status(), path);
        }
        assertError(new Web(server.url()).json("POST", "/api/notifications", "{}"), 401, "admin credentials");
        long id = slack().get("id").asLong();
        for (String variant : new String[] {"/notifications/", "//notifications", "/api//notifications",
                "/api/notifications/", "/./notifications", "/x/../notifications", "/%6Eotifications",
                "/api/notifications;x=1", "/api/notifications/" + id + "/", "/NOTIFICATIONS"}) {
            Web.Answer a = new Web(server.url()).get(variant);
            assertTrue(a.status() == 401 || a.status() == 404 || a.status() == 400, variant + " answered "
                    + a.status());
            assertNoSecret(a.body());
        }
        assertError(web.call("POST", "/api/notifications/" + id + "/test", new byte[0], "text/plain"), 403,
                "cross-site request refused");
        assertError(web.form("/notifications/" + id + "/delete", Map.of()), 403, "missing or wrong CSRF token");
        assertEquals(200, web.get("/api/notifications/" + id).status(), "still there");
    }

    @Test
    void a_change_keeps_what_it_leaves_out_and_takes_effect_at_once() throws Exception {
        JsonNode r = slack();
        long id = r.get("id").asLong();
        Web.Answer changed = web.json("PUT", "/api/notifications/" + id, "{\"name\":\"ops 2\",\"filter\":{}}");
        assertEquals(200, changed.status(), changed.body());
        JsonNode c = json.readTree(changed.body());
        assertEquals("ops 2", c.get("name").asText());
        assertEquals(r.get("url"), c.get("url"), "the URL is kept");
        assertEquals("everything", c.get("routes").asText());
        assertEquals(r.get("created"), c.get("created"));
        assertError(web.json("PUT", "/api/notifications/" + id, "{\"url\":\"" + r.get("url").asText() + "\"}"), 400,
                "url: this is the masked URL");
        // the filter now takes everything: a test of the event path sends to the same place, at once
        Web.Answer test = web.json("POST", "/api/notifications/" + id + "/test", null);
        assertEquals(200, test.status(), test.body());
        HookReceiver.Hook h = hooks.next(5);
        assertEquals("/services/" + TOKEN, h.path());
        assertTrue(json.readTree(h.body()).get("text").asText().contains("receiver 'ops 2' works"), h.body());

        JsonNode m = mail();
        long mid = m.get("id").asLong();
        Web.Answer kept = web.json("PUT", "/api/notifications/" + mid, "{\"email\":{\"to\":[\"b@example.org\"]}}");
        assertEquals(200, kept.status(), kept.body());
        assertTrue(json.readTree(kept.body()).get("email").get("has_password").asBoolean(), "password kept");
        assertEquals(200, web.json("POST", "/api/notifications/" + mid + "/test", null).status());
        SmtpReceiver.Mail got = smtp.next(5);
        assertEquals(List.of("b@example.org"), got.to());
        assertEquals("bot", got.login(), "logged in with the kept password");

        assertEquals(204, web.call("DELETE", "/api/notifications/" + id, null, null).status());
        assertEquals(404, web.call("DELETE", "/api/notifications/" + id, null, null).status());
        assertEquals(List.of(mid), store.receivers().stream().map(x -> x.id()).toList());
    }

    @Test
    void a_test_that_fails_is_a_502_saying_why_without_the_password() throws Exception {
        long id = created("{\"name\":\"mail\",\"kind\":\"email\",\"email\":{\"host\":\"127.0.0.1\",\"port\":"
                + smtp.port() + ",\"starttls\":false,\"user\":\"bot\",\"password\":\"wrong-" + SMTP_PASSWORD
                + "\",\"from\":\"dogdorm@example.org\",\"to\":[\"ops@example.org\"]}}").get("id").asLong();
        Web.Answer a = web.json("POST", "/api/notifications/" + id + "/test", null);
        assertError(a, 502, "the test to receiver #" + id + " (mail) was not delivered: ");
        assertTrue(a.body().contains("535"), a.body());
        assertNoSecret(a.body());
        hooks.answer("/gone", 404);
        long gone = created("{\"name\":\"gone\",\"kind\":\"json\",\"url\":\"" + hooks.url("/gone") + "\"}")
                .get("id").asLong();
        assertError(web.json("POST", "/api/notifications/" + gone + "/test", null), 502,
                "was not delivered: the receiver answered HTTP 404");
    }

    @Test
    void the_page_adds_tests_and_deletes_a_receiver() throws Exception {
        Web.Answer page = web.get("/notifications");
        assertEquals(200, page.status());
        String csrf = page.csrfField();
        String form = "csrf=" + enc(csrf) + "&name=pager&kind=email&host=127.0.0.1&port=" + smtp.port()
                + "&user=bot&password=" + enc(SMTP_PASSWORD) + "&from=d%40example.org&to=a%40example.org%2C+b%40example.org"
                + "&lists=tcp_v4.csv&events=target.down&events=target.up";
        Web.Answer bad = web.call("POST", "/notifications", (form.replace("port=" + smtp.port(), "port=99999"))
                .getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertError(bad, 400, "email.port: 99999 is outside 1..65535");
        assertTrue(bad.body().contains("value=\"pager\""), "what was typed is kept");
        assertNoSecret(bad.body());
        // no STARTTLS box ticked: a plain connection to the test server
        Web.Answer added = web.call("POST", "/notifications", form.getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertEquals(303, added.status(), added.body());
        JsonNode r = json.readTree(web.get("/api/notifications").body()).get("receivers").get(1);
        assertEquals("pager", r.get("name").asText());
        assertEquals(List.of("a@example.org", "b@example.org"), List.of(r.get("email").get("to").get(0).asText(),
                r.get("email").get("to").get(1).asText()));
        assertEquals("target.down, target.up of list tcp_v4.csv", r.get("routes").asText());
        long id = r.get("id").asLong();

        Web.Answer tested = web.form("/notifications/" + id + "/test", Map.of("csrf", csrf));
        assertEquals(200, tested.status(), tested.body());
        assertTrue(tested.body().contains("Test sent to receiver #" + id + " (pager): delivered."), tested.body());
        SmtpReceiver.Mail got = smtp.next(5);
        assertNotNull(got);
        assertEquals("test " + got.header("X-Dogdorm-Event").split(" ")[1], got.header("X-Dogdorm-Event"));
        assertNoSecret(tested.body());

        assertEquals(303, web.form("/notifications/" + id + "/delete", Map.of("csrf", csrf)).status());
        assertTrue(store.receivers().isEmpty());
        assertNull(smtp.next(1));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
