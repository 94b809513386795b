package dogdorm.dealer.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Web;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real dealer process keeps of its heartbeat tokens through SIGKILL and SIGTERM. */
class HeartbeatRestartIT {
    private static final String PASSWORD = "kill -9 proof";

    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    private DealerProcess dealer(String flush) throws Exception {
        Path pw = dir.resolve("admin-password");
        Files.writeString(pw, PASSWORD + "\n");
        Files.createDirectories(dir.resolve("lists"));
        return DealerProcess.start("--data", dir.resolve("data").toString(), "--lists", dir.resolve("lists").toString(),
                "--flush", flush, "--admin-password-file", pw.toString());
    }

    private JsonNode create(Web admin, String name) throws Exception {
        Web.Answer a = admin.json("POST", "/api/heartbeats", "{\"name\":\"" + name + "\",\"interval\":\"1h\"}");
        assertEquals(201, a.status(), a.body());
        return json.readTree(a.body());
    }

    @Test
    void a_token_created_right_before_a_sigkill_is_there_after_the_restart() throws Exception {
        String token;
        String paused;
        try (DealerProcess first = dealer("1h")) {
            Web admin = new Web(first.url()).as("admin", PASSWORD);
            token = create(admin, "nightly backup").get("token").asText();
            JsonNode second = create(admin, "weekly report");
            paused = second.get("token").asText();
            assertEquals(200, admin.json("POST", "/api/heartbeats/" + second.get("id").asLong() + "/pause", null)
                    .status());
            assertEquals("ok", new Web(first.url()).get("/hb/" + token).body());
            assertEquals(137, first.kill(), "killed by SIGKILL, straight after the answers");
            String log = first.output();
            assertFalse(log.contains(token), "no whole token in the log:\n" + log);
            assertTrue(log.contains(token.substring(0, 4) + "…"), "a prefix tells them apart:\n" + log);
            assertFalse(log.contains(PASSWORD), "never the password");
        }
        try (Store store = new SqliteStore(dir.resolve("data"))) {
            List<Heartbeat> kept = store.load().heartbeats().tokens();
            assertEquals(List.of(token, paused), kept.stream().map(Heartbeat::token).toList());
            assertEquals(Schedule.every(Duration.ofHours(1)), kept.get(0).schedule());
            assertFalse(kept.get(1).enabled(), "the pause was stored before it was answered too");
            // the ping made the token up: that transition asks for a flush soon, and the kill may come before or
            // after it; either way the token's state and its transition are stored together or not at all
            List<Transition> flips = store.transitions(kept.get(0).id(), 10);
            if (kept.get(0).lastPing() == null) {
                assertEquals(HeartbeatState.NEW, kept.get(0).recorded());
                assertEquals(List.of(), flips);
            } else {
                assertEquals(HeartbeatState.UP, kept.get(0).recorded());
                assertEquals(List.of(HeartbeatState.UP), flips.stream().map(Transition::to).toList());
            }
        }
        try (DealerProcess again = dealer("1h")) {
            Web admin = new Web(again.url()).as("admin", PASSWORD);
            JsonNode list = json.readTree(admin.get("/api/heartbeats").body());
            assertEquals(2, list.get("count").asInt());
            assertEquals("new", list.get("heartbeats").get(0).get("state").asText());
            assertEquals("paused", list.get("heartbeats").get(1).get("state").asText());
            assertEquals("ok", new Web(again.url()).get("/hb/" + token).body(), "the cron job's URL still works");
        }
    }

    @Test
    void sigterm_writes_the_pings_and_their_transitions() throws Exception {
        String token;
        long id;
        try (DealerProcess first = dealer("1h")) {
            Web admin = new Web(first.url()).as("admin", PASSWORD);
            JsonNode hb = create(admin, "nightly backup");
            token = hb.get("token").asText();
            id = hb.get("id").asLong();
            Web cron = new Web(first.url());
            cron.get("/hb/" + token + "/start");
            cron.call("POST", "/hb/" + token, "42 tables dumped".getBytes(), "text/plain");
            assertEquals(0, first.stop());
        }
        try (Store store = new SqliteStore(dir.resolve("data"))) {
            Heartbeat h = store.load().heartbeats().tokens().get(0);
            assertEquals(HeartbeatState.UP, h.recorded());
            assertEquals("127.0.0.1", h.lastSource());
            assertEquals(2, h.pings());
            List<Ping> pings = store.pings(id, 10);
            assertEquals(List.of(PingKind.SUCCESS, PingKind.START), pings.stream().map(Ping::kind).toList());
            assertEquals("42 tables dumped", pings.get(0).body());
            assertEquals(List.of(HeartbeatState.UP), store.transitions(id, 10).stream().map(Transition::to).toList());
        }
    }

    @Test
    void pings_reach_the_database_within_one_flush_interval() throws Exception {
        try (DealerProcess first = dealer("1s")) {
            Web admin = new Web(first.url()).as("admin", PASSWORD);
            JsonNode hb = create(admin, "nightly backup");
            new Web(first.url()).get("/hb/" + hb.get("token").asText());
            // the running dealer holds the data folder: read its database beside it, read-only
            Eventually.until(Duration.ofSeconds(10), "the ping flushed", () -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:"
                        + dir.resolve("data/dogdorm.db") + "?mode=ro"); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT last_ping FROM heartbeats")) {
                    return rs.next() && rs.getObject(1) != null;
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals(137, first.kill());
        }
        try (Store store = new SqliteStore(dir.resolve("data"))) {
            assertEquals(HeartbeatState.UP, store.load().heartbeats().tokens().get(0).recorded());
            assertEquals(1, store.pings(store.load().heartbeats().tokens().get(0).id(), 10).size());
        }
    }
}
