package dogdorm.dealer.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.peers.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dealer whose disk fills up, for real: its data folder is on a 3 MB tmpfs mounted in a mount namespace of its
 * own ({@code unshare}: a user namespace makes that possible without root), and heartbeat pings with 10 KB bodies
 * fill it. {@code /healthz} then says the disk is full instead of SQLite's "cannot commit - no transaction is
 * active", and a stop whose final flush fails exits 1 saying so.
 */
class FullDiskIT {
    /** Mounts a small tmpfs on the folder given first, then runs the rest (the dealer) in that mount namespace. */
    private static final List<String> SMALL_DISK = List.of("unshare", "--user", "--map-root-user", "--mount",
            "sh", "-c", "mount -t tmpfs -o size=3m tmpfs \"$0\" && exec \"$@\"");

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_full_disk_is_named_on_healthz_and_a_stop_that_cannot_store_exits_one() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("disk"));
        canMountTmpfs(disk);
        List<String> wrapper = new ArrayList<>(SMALL_DISK);
        wrapper.add(disk.toString());
        DealerProcess dealer = DealerProcess.startWrapped(wrapper, "--data", disk.resolve("data").toString(),
                "--lists", Files.createDirectories(dir.resolve("lists")).toString(), "--flush", "1s");
        try {
            Http http = new Http(dealer.url());
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Http.Answer created = http.post("/api/heartbeats", "{\"name\":\"job " + i + "\",\"interval\":\"1h\"}");
                assertEquals(201, created.status(), created.body());
                tokens.add(json.readTree(created.body()).get("token").asText());
            }
            byte[] output = "x".repeat(10_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            // 8 tokens keep 100 pings each: 8 MB of job output where 3 MB fit
            for (int round = 0; round < 100 && healthz(http).get("status").asText().equals("ok"); round++) {
                for (String t : tokens) {
                    assertEquals(200, http.post("/hb/" + t, output).status(), "a ping is taken in memory");
                }
            }
            Eventually.until(Duration.ofSeconds(30), "flushes fail on the full disk",
                    () -> healthz(http).get("status").asText().equals("flush failing"));
            JsonNode health = healthz(http);
            String error = health.get("flush_error").asText();
            assertTrue(error.contains("disk full (SQLITE_FULL)"), health.toString());
            assertFalse(error.contains("no transaction is active"), health.toString());
            assertTrue(health.get("unflushed_changes").asInt() > 0, health.toString());

            dealer.terminate();
            assertTrue(dealer.process().waitFor(60, TimeUnit.SECONDS), "stopped");
            assertEquals(1, dealer.process().exitValue(), "a final flush that failed: the service manager hears it");
            Eventually.until(Duration.ofSeconds(5), "the last lines read", () -> dealer.output().contains("not stored:"));
            String out = dealer.output();
            assertTrue(out.contains("final flush failed (cannot write the flush"), out);
            assertTrue(out.contains("disk full (SQLITE_FULL)): not stored: {"), out);
        } finally {
            dealer.close();
        }
    }

    private JsonNode healthz(Http http) {
        try {
            return json.readTree(http.get("/healthz").body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether this machine lets the test mount a tmpfs in a namespace of its own; else the test is skipped. */
    private static void canMountTmpfs(Path disk) throws Exception {
        List<String> probe = new ArrayList<>(SMALL_DISK);
        probe.addAll(List.of(disk.toString(), "true"));
        String why;
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            boolean done = p.waitFor(20, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes());
            if (done && p.exitValue() == 0) {
                return;
            }
            p.destroyForcibly();
            why = "cannot mount a tmpfs in a namespace of its own (" + out.strip() + ")";
        } catch (java.io.IOException e) {
            why = "unshare not found (" + e.getMessage() + "): install util-linux";
        }
        if (Peers.required()) {
            Assertions.fail(why + " [DOGDORM_REQUIRE_PEERS=1]");
        }
        Assumptions.abort(why + ": unprivileged user namespaces may be off (sysctl kernel.unprivileged_userns_clone)");
    }
}
