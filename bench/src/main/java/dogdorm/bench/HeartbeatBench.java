package dogdorm.bench;

import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.flush.FlushStatus;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.heartbeat.PingKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Heartbeat pings per second through real HTTP: {@code GET /hb/<token>} driven by wrk in its own process (so the
 * dealer's JVM does only the dealer's work) against a dealer on SQLite with the default 10 s flush, for one token
 * and for 1,000 tokens hit at random, and {@code POST} with a 1 KB body; then the cost of the flush that writes
 * them. Arguments pick figures: http, flush.
 */
public final class HeartbeatBench {
    private HeartbeatBench() {}

    public static void main(String[] args) throws Exception {
        Figures.heading("Heartbeat benchmark", Figures.maxHeap());
        Figures.columns("figure", "value");
        Set<String> only = Set.of(args);
        if (only.isEmpty() || only.contains("http")) {
            if (!Wrk.present()) {
                Figures.row("heartbeat pings over HTTP", "skipped: install Debian's wrk");
            } else {
                pings(1, 8, false);
                pings(1, 64, false);
                pings(1000, 64, false);
                pings(1000, 64, true);
            }
        }
        if (only.isEmpty() || only.contains("flush")) {
            flush(1000, 100);
        }
    }

    /** A dealer on port 0 with SQLite under {@code dir} and the default 10 s flush. */
    static DealerConfig config(Path dir) throws Exception {
        return DealerConfig.builder(dir.resolve("data"), Files.createDirectories(dir.resolve("lists"))).port(0)
                .flush(Duration.ofSeconds(10)).build();
    }

    private static List<Heartbeat> tokens(Heartbeats heartbeats, int n) throws Exception {
        List<Heartbeat> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(heartbeats.create(HeartbeatSpec.parse("job " + i, "", "1h", null)));
        }
        return out;
    }

    /** {@code connections} connections, each sending pings as fast as the dealer answers. */
    static void pings(int tokenCount, int connections, boolean post) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-hb");
        try (DealerServer server = DealerServer.start(config(dir))) {
            List<Heartbeat> tokens = tokens(server.heartbeats(), tokenCount);
            StringBuilder lua = new StringBuilder("local tokens = {");
            for (Heartbeat h : tokens) {
                lua.append('"').append(h.token()).append("\",");
            }
            lua.append("}\n");
            lua.append(post ? "local body = string.rep(\"x\", 1023) .. \"\\n\"\n"
                    + "local headers = {[\"Content-Type\"] = \"text/plain\"}\n" : "");
            lua.append("request = function()\n  local path = \"/hb/\" .. tokens[math.random(#tokens)]\n");
            lua.append(post ? "  return wrk.format(\"POST\", path, headers, body)\n"
                    : "  return wrk.format(\"GET\", path)\n");
            lua.append("end\n");
            Path script = Files.writeString(dir.resolve("pings.lua"), lua);
            int threads = Math.min(connections, 4);
            Wrk.run(threads, connections, 5, script, server.url() + "/").clean(); // warm-up
            long before = server.heartbeats().pingCounts().get("recorded");
            double rps = Wrk.run(threads, connections, 10, script, server.url() + "/").clean().requestsPerSecond();
            long recorded = server.heartbeats().pingCounts().get("recorded") - before;
            if (recorded < rps * 9) {
                throw new IllegalStateException("wrk counted " + rps + "/s but the dealer recorded " + recorded);
            }
            Figures.row(String.format(Locale.ROOT, "%s /hb/<token>, %,d token%s, %d connections (wrk)",
                    post ? "POST 1 KB to" : "GET", tokenCount, tokenCount == 1 ? "" : "s at random", connections),
                    String.format(Locale.ROOT, "%,.0f pings per second", rps));
        } finally {
            SpineBench.deleteTree(dir);
        }
    }

    /** The flush after {@code perToken} pings of each of {@code tokenCount} tokens: the most one flush writes. */
    static void flush(int tokenCount, int perToken) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-hb-flush");
        try (DealerServer server = DealerServer.start(config(dir))) {
            Heartbeats hb = server.heartbeats();
            List<Heartbeat> tokens = tokens(hb, tokenCount);
            for (Heartbeat h : tokens) { // new -> up: those transitions are flushed before the measured pings
                hb.ping(h.token(), PingKind.SUCCESS, Heartbeats.Received.of("GET", "127.0.0.1"));
            }
            server.flusher().flushNow();
            long start = System.nanoTime();
            for (int i = 0; i < perToken; i++) {
                for (Heartbeat h : tokens) {
                    hb.ping(h.token(), PingKind.SUCCESS, new Heartbeats.Received("POST", "127.0.0.1", "bench",
                            "output line\n", 12, false));
                }
            }
            double perPing = (System.nanoTime() - start) / (double) (tokenCount * perToken);
            start = System.nanoTime();
            FlushStatus f = server.flusher().flushNow();
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (!f.ok()) {
                throw new IllegalStateException("flush failed: " + f.error());
            }
            Figures.row("recording one ping in memory (no HTTP)", String.format(Locale.ROOT, "%.0f ns", perPing));
            Figures.row(String.format(Locale.ROOT, "flush: %,d pings of %,d tokens (SQLite, one transaction)",
                    tokenCount * perToken, tokenCount), ms + " ms");
        } finally {
            SpineBench.deleteTree(dir);
        }
    }
}
