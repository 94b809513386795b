package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import dogdorm.worker.peers.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} passes Prometheus' own checker (promtool) and counts what happened. */
class MetricsIT {
    @TempDir
    Path dir;

    @Test
    void metrics_pass_promtool_and_count_targets_checks_and_results() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,1\n127.0.0.1,2\n127.0.0.1,3\n");
        // a TURN target with a user and password: its per-target series must not carry them
        Files.writeString(lists.resolve("turn_v4.csv"), "127.0.0.1,3478,turn.example,alice,s3cret-metrics-pw\n");
        MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofSeconds(1)).metricsPerTarget(true).build();
        try (DealerServer server = DealerServer.start(cfg, new MemoryStore(), clock);
             ScriptedWorker worker = new ScriptedWorker(server.url(), "w1")) {
            clock.advance(Duration.ofSeconds(2));
            int first = worker.round(t -> t.port() == 3 ? Verdict.down("refused") : Verdict.up(1));
            // port 3's first failure is not yet down (fail threshold 2): it is retried a minute later
            clock.advance(Duration.ofMinutes(1).plusSeconds(1));
            List<Integer> tcpAgain = new ArrayList<>();
            int second = worker.round(t -> {
                if (t.kind() == Kind.TCP) {
                    tcpAgain.add(t.port());
                }
                return t.port() == 3 ? Verdict.down("refused") : Verdict.up(1);
            });
            assertEquals(List.of(3), tcpAgain);
            server.flusher().flushNow();
            Http.Answer a = new Http(server.url()).get("/metrics");
            assertEquals(200, a.status());
            assertTrue(a.contentType().startsWith("text/plain"), a.contentType());

            Path promtool = Peers.binary("promtool", "prometheus");
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(a.body().getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "promtool check metrics: " + said);

            Map<String, Double> samples = new HashMap<>();
            for (String line : a.body().split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    int space = line.lastIndexOf(' ');
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
            assertEquals(2.0, samples.get("dogdorm_targets{kind=\"tcp\",state=\"up\"}"));
            assertEquals(1.0, samples.get("dogdorm_targets{kind=\"tcp\",state=\"down\"}"));
            assertEquals(4.0, samples.get("dogdorm_checks_total{kind=\"tcp\"}"));
            assertEquals(2.0, samples.get("dogdorm_check_failures_total{kind=\"tcp\"}"));
            assertEquals(first + second, samples.get("dogdorm_results_total{outcome=\"accepted\"}"));
            assertEquals(1.0, samples.get("dogdorm_targets{kind=\"turn\",state=\"up\"}"));
            assertEquals(0.0, samples.get("dogdorm_leases_out"));
            assertEquals(1.0, samples.get("dogdorm_workers_active"));
            assertEquals(0.0, samples.get("dogdorm_flush_failures_total"));
            assertEquals(3.0, samples.entrySet().stream().filter(e -> e.getKey().startsWith("dogdorm_probe_success{"))
                    .mapToDouble(Map.Entry::getValue).sum(), "per-target gauges: two TCP and the TURN target up");
            String turn = samples.keySet().stream().filter(k -> k.startsWith("dogdorm_probe_success{")
                    && k.contains("kind=\"turn\"")).findFirst().orElseThrow(() -> new AssertionError(a.body()));
            assertTrue(turn.contains("turn.example"), "the TURN target's series names it: " + turn);
            assertFalse(a.body().contains("s3cret-metrics-pw"), "a password in /metrics");
            assertFalse(a.body().contains("alice"), "a TURN user name in /metrics");
        }
    }
}
