package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dogdorm.common.Json;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.ScriptedWorker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six {@code kill -9}s of a real dealer process, each just after its targets changed state (while the change and
 * its incident and events are being stored), then a restart on the same data folder, while five targets flap on a
 * script. Afterwards every outage has exactly one incident, none is left open, and each target.down and target.up
 * event was sent for each outage, once: a repeat after a restart carries the same id, and no outage got a second
 * event.
 */
class CrashIT {
    private static final int TARGETS = 5;
    private static final long WARM_MS = 2_000;
    private static final long PHASE_MS = 4_000;
    private static final int PHASES = 8;
    private static final long END_MS = WARM_MS + PHASES * PHASE_MS;

    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    /** Target {@code i} (port 20000 + i) is down in the phases where phase + i is odd; up before and after. */
    private static boolean down(int i, long ms) {
        if (ms < WARM_MS || ms >= END_MS) {
            return false;
        }
        long phase = (ms - WARM_MS) / PHASE_MS;
        return (phase + i) % 2 == 1;
    }

    private static int outagesOf(int i) {
        int n = 0;
        for (int p = 0; p < PHASES; p++) {
            if ((p + i) % 2 == 1) n++;
        }
        return n;
    }

    @Test
    void six_kills_mid_flush_leave_one_incident_per_outage_none_open_and_each_event_sent_once() throws Exception {
        List<JsonNode> delivered = new ArrayList<>();
        HttpServer hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hooks.createContext("/hook", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            synchronized (delivered) {
                delivered.add(json.readTree(new String(body, StandardCharsets.UTF_8)));
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        hooks.start();
        Path lists = Files.createDirectories(dir.resolve("lists"));
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < TARGETS; i++) {
            rows.append("192.0.2.1,").append(20_000 + i).append('\n'); // TEST-NET-1: the script answers
        }
        Files.writeString(lists.resolve("tcp_v4.csv"), rows);
        String[] options = {"--data", dir.resolve("data").toString(), "--lists", lists.toString(), "--allow-private",
                "--interval", "200ms", "--retry-interval", "200ms", "--spread", "1ms", "--fail-threshold", "1",
                "--recover-threshold", "1", "--flush", "500ms", "--lease-timeout", "5s",
                "--notify", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook"};
        AtomicReference<ScriptedWorker> worker = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        // the script's clock starts once every target has had its first check (up): a dealer slow to start must not
        // meet its first outage before the first check (the outages counted below start from up)
        AtomicLong clockStart = new AtomicLong(); // 0: not started, every target up
        Thread answering = Thread.ofPlatform().name("scripted worker").start(() -> {
            while (running.get()) {
                ScriptedWorker w = worker.get();
                if (w != null) {
                    long cs = clockStart.get();
                    long ms = cs == 0 ? 0 : (System.nanoTime() - cs) / 1_000_000;
                    try {
                        w.round(t -> down(t.port() - 20_000, ms) ? ScriptedWorker.Verdict.down("connection refused")
                                : ScriptedWorker.Verdict.up(1.0));
                    } catch (Exception e) {
                        // the dealer is down (killed): the next one takes over
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Random random = new Random();
        DealerProcess dealer = DealerProcess.start(options);
        List<String> outputs = new ArrayList<>();
        try {
            worker.set(new ScriptedWorker(dealer.url(), "w"));
            Http http = new Http(dealer.url());
            Eventually.until(Duration.ofSeconds(30), "every target checked once", () -> {
                JsonNode targets = http.json("/api/targets");
                if (targets.get("count").asInt() != TARGETS) return false;
                for (JsonNode t : targets.get("targets")) {
                    if (!t.get("state").asText().equals("up")) return false;
                }
                return true;
            });
            clockStart.set(System.nanoTime());
            for (int kill = 1; kill <= 6; kill++) {
                // just after the targets change state at the start of phase `kill`: detected within a check or
                // two (200 ms), stored soon after; the kill lands on either side of that flush
                long at = WARM_MS + kill * PHASE_MS + 50 + random.nextInt(400);
                sleepUntil(clockStart.get(), at);
                worker.set(null);
                long killed = System.nanoTime();
                assertEquals(137, dealer.kill());
                outputs.add(dealer.output());
                dealer = DealerProcess.start(options);
                // the script's clock stands still while no dealer runs: however long a start takes on a busy
                // machine, the new dealer meets the targets as the killed one left them, and sees every phase
                clockStart.addAndGet(System.nanoTime() - killed);
                worker.set(new ScriptedWorker(dealer.url(), "w"));
            }
            sleepUntil(clockStart.get(), END_MS + 4_000); // every target up again, for a while
            int expected = 0;
            for (int i = 0; i < TARGETS; i++) {
                expected += 2 * outagesOf(i);
            }
            int want = expected;
            DealerProcess last = dealer;
            Eventually.until(Duration.ofSeconds(20), () -> "every event delivered: " + distinctIds(delivered)
                    + " of " + want + " " + byPort(delivered) + "; the last dealer said:\n" + last.output(),
                    () -> distinctIds(delivered) >= want);
            running.set(false);
            answering.join(5_000);
            assertEquals(0, dealer.stop(), "a clean stop after the last restart");
            outputs.add(dealer.output());
        } finally {
            running.set(false);
            dealer.process().destroyForcibly();
            hooks.stop(0);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dir.resolve("data/dogdorm.db")
                + "?mode=ro"); Statement st = c.createStatement()) {
            assertEquals(0, count(st, "SELECT count(*) FROM incidents WHERE up_at IS NULL"), "none left open");
            for (int i = 0; i < TARGETS; i++) {
                long incidents = count(st, "SELECT count(*) FROM incidents i JOIN targets t ON t.id = i.target_id "
                        + "WHERE t.port = " + (20_000 + i));
                assertEquals(outagesOf(i), incidents, "exactly one incident per outage of port " + (20_000 + i)
                        + "; the dealers said:\n" + String.join("\n----\n", outputs));
            }
        }
        // the same event again, after a restart, is told apart by its id: each id counts once
        Map<String, Set<Long>> idsByTargetAndType = byPort(delivered);
        int repeats;
        synchronized (delivered) {
            repeats = delivered.size() - (int) delivered.stream().map(e -> e.get("id").asLong()).distinct().count();
        }
        for (int i = 0; i < TARGETS; i++) {
            for (String type : List.of("target.down", "target.up")) {
                Set<Long> ids = idsByTargetAndType.getOrDefault((20_000 + i) + " " + type, Set.of());
                assertEquals(outagesOf(i), ids.size(), type + " of port " + (20_000 + i) + ": one per outage, "
                        + "never a second one for an outage a killed dealer had stored");
            }
        }
        System.out.println("CrashIT: " + delivered.size() + " deliveries of " + (delivered.size() - repeats)
                + " events; " + repeats + " sent again after a restart, each with its first id");
    }

    /** Distinct event ids by port and type (an event sent again after a restart counts once). */
    private static Map<String, Set<Long>> byPort(List<JsonNode> delivered) {
        synchronized (delivered) {
            Map<String, Set<Long>> out = new TreeMap<>();
            for (JsonNode e : delivered) {
                String key = e.get("port").asInt() + " " + e.get("event").asText();
                out.computeIfAbsent(key, k -> new TreeSet<>()).add(e.get("id").asLong());
            }
            return out;
        }
    }

    private static int distinctIds(List<JsonNode> delivered) {
        synchronized (delivered) {
            Set<Long> ids = new HashSet<>();
            for (JsonNode e : delivered) {
                if (e.get("event").asText().startsWith("target.")) {
                    ids.add(e.get("id").asLong());
                }
            }
            return ids.size();
        }
    }

    private static void sleepUntil(long start, long ms) throws InterruptedException {
        long left = ms - (System.nanoTime() - start) / 1_000_000;
        if (left > 0) {
            TimeUnit.MILLISECONDS.sleep(left);
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
