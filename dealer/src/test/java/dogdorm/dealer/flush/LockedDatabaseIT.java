package dogdorm.dealer.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.testkit.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another connection holds the SQLite database with {@code BEGIN EXCLUSIVE} for 10 s while a worker keeps dealing
 * and posting results and the target goes down and up again: no worker request waits for the disk, the incident
 * opens and closes in memory and is shown at once, and the next flush after the lock stores it.
 */
class LockedDatabaseIT {
    private static final Pattern LEASE = Pattern.compile("\"lease\":\"([^\"]+)\"");
    private static final Pattern TARGET = Pattern.compile("\"targets\":\\[\\{\"id\":(\\d+)");

    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    @Test
    void workers_are_answered_at_once_while_the_database_is_locked_and_the_outage_is_stored_after() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "192.0.2.1,20000\n"); // TEST-NET-1: scripted here
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .interval(Duration.ofMillis(300)).spread(Duration.ofMillis(1)).retryInterval(Duration.ofMillis(300))
                .failThreshold(1).flush(Duration.ofSeconds(1)).build();
        try (DealerServer server = DealerServer.start(cfg)) {
            Http http = new Http(server.url());
            check(http, true); // up, before the lock
            assertTrue(server.flusher().flushNow().ok());
            long slowest = 0;
            List<String> seen = new ArrayList<>();
            try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/dogdorm.db"));
                 Statement st = holder.createStatement()) {
                st.execute("PRAGMA busy_timeout = 0");
                st.execute("BEGIN EXCLUSIVE");
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                long start = System.nanoTime();
                while (System.nanoTime() < end) {
                    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                    boolean up = elapsedMs < 2_000 || elapsedMs > 5_000; // down from 2 s to 5 s into the lock
                    slowest = Math.max(slowest, check(http, up));
                    String state = incident(http);
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                        seen.add(state);
                    }
                    Thread.sleep(50);
                }
                assertEquals(0, count(holder, "SELECT count(*) FROM incidents"), "nothing stored while locked");
                st.execute("ROLLBACK");
            }
            System.out.println("LockedDatabaseIT: slowest work or results request during the lock: " + slowest + " ms");
            assertTrue(slowest < 200, "every work and results request answered within 200 ms during the lock: "
                    + "the slowest took " + slowest + " ms");
            assertEquals(List.of("none", "open", "closed"), seen, "the incident opened and closed in memory, "
                    + "and the pages showed it at once");
            FlushStatus after = server.flusher().flushNow();
            assertTrue(after.ok(), after.error());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dir.resolve("data/dogdorm.db")
                    + "?mode=ro")) {
                assertEquals(1, count(c, "SELECT count(*) FROM incidents WHERE up_at IS NOT NULL"),
                        "stored, closed, by the first flush after the lock");
            }
        }
    }

    /**
     * Deals the target if due and answers it; returns the slowest of the two requests in milliseconds (0 when
     * nothing was due). A wait of 0: the request must not long-poll.
     */
    private long check(Http http, boolean up) throws Exception {
        long t0 = System.nanoTime();
        Http.Answer work = http.post("/api/work", "{\"worker\":\"w\",\"max\":1,\"wait_ms\":0}");
        long workMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, work.status(), work.body());
        Matcher lease = LEASE.matcher(work.body());
        if (!lease.find()) {
            return workMs;
        }
        Matcher target = TARGET.matcher(work.body());
        assertTrue(target.find(), work.body());
        String result = up ? "\"up\":true,\"latency_ms\":1.0" : "\"up\":false,\"error\":\"connection refused\"";
        long t1 = System.nanoTime();
        Http.Answer posted = http.post("/api/results", "{\"worker\":\"w\",\"results\":[{\"lease\":\"" + lease.group(1)
                + "\",\"target\":" + target.group(1) + "," + result + "}]}");
        long resultsMs = (System.nanoTime() - t1) / 1_000_000;
        assertEquals(200, posted.status(), posted.body());
        return Math.max(workMs, resultsMs);
    }

    /** The target's newest incident as the status API shows it: none, open or closed. */
    private String incident(Http http) throws Exception {
        JsonNode list = json.readTree(http.get("/status/service/192.0.2.1%3A20000/incidents").body());
        if (list.isEmpty()) {
            return "none";
        }
        assertNotNull(list.get(0).get("down_detection"), list.toString());
        JsonNode up = list.get(0).path("up_detection");
        return up.isMissingNode() || up.isNull() ? "open" : "closed";
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
