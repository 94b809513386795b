package dogdorm.dealer;

import dogdorm.dealer.config.DealerConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.Main;
import dogdorm.worker.peers.ChildReaper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real worker process: SIGTERM finishes the probe in hand, posts its result, and exits 0; a dealer URL that is not
 * a dealer's stops it with exit status 2 and the base URL to give.
 */
class WorkerProcessIT {
    @TempDir
    Path dir;

    @Test
    void sigterm_finishes_the_check_in_hand_posts_it_and_exits_zero() throws Exception {
        ObjectMapper json = Json.newMapper();
        List<Socket> fillers = new ArrayList<>();
        // a port whose accept queue is full: further connects hang until the probe's timeout
        try (ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), stuck.getLocalPort()), 300);
                } catch (Exception full) {
                    // the queue is full already
                }
                fillers.add(s);
            }
            Path lists = Files.createDirectories(dir.resolve("lists"));
            Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1," + stuck.getLocalPort() + "\n");
            try (DealerServer dealer = DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists)
                    .port(0).allowPrivate(true).spread(Duration.ofMillis(1)).build())) {
                Http http = new Http(dealer.url());
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                ChildReaper.install();
                Process worker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "--dealer", dealer.url(), "--lanes", "2",
                        "--name", "proc-worker").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("worker.log").toFile()).start();
                try {
                    Eventually.until(Duration.ofSeconds(20), "the job leased", () ->
                            tree(json, http.get("/healthz").body()).get("leased").asInt() == 1);
                    long start = System.nanoTime();
                    worker.destroy(); // SIGTERM while the probe waits on the full port
                    assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "worker did not stop");
                    assertEquals(0, worker.exitValue(), Files.readString(dir.resolve("worker.log")));
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    JsonNode t = tree(json, http.get("/api/targets").body()).get("targets").get(0);
                    assertEquals(1, t.get("checks").asInt(), "the result in hand was posted before exiting:\n"
                            + Files.readString(dir.resolve("worker.log")));
                    assertEquals("unknown", t.get("state").asText(), "one failure is not yet down (fail threshold 2)");
                    assertEquals(1, t.get("failures").asInt(), "a failed check, not a worker fault: " + t);
                    assertEquals("proc-worker", t.get("last_worker").asText());
                    assertTrue(ms < 15_000, "stopping took " + ms + " ms");
                } finally {
                    worker.destroyForcibly();
                }
            }
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void a_worker_given_the_servers_page_as_its_dealer_exits_2_naming_the_base_url() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        try (DealerServer dealer = DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0)
                .build())) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ChildReaper.install();
            Process worker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "--dealer", dealer.url() + "/servers", "--lanes", "2")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
            try {
                assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker kept retrying");
                String log = Files.readString(dir.resolve("worker.log"));
                assertEquals(2, worker.exitValue(), log);
                String last = log.strip().lines().reduce((a, b) -> b).orElse("");
                assertEquals("dogdorm worker: " + dealer.url() + "/servers answers 404 (not found) to POST /api/work: "
                        + "that is not a dealer's base URL; give --dealer " + dealer.url(), last, log);
            } finally {
                worker.destroyForcibly();
            }
        }
    }

    private static JsonNode tree(ObjectMapper json, String s) {
        try {
            return json.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }
}
