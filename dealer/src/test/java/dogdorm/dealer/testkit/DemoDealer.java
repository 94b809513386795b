package dogdorm.dealer.testkit;

import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A dealer with something on every page, for the page tests and the README's screenshots: loopback targets on
 * IPv4 and IPv6 (one with a long name, one down at the end with an open incident, one that fails now and then) and
 * {@code rounds} rounds of checks {@code step} apart by a scripted worker on a moved clock; list rows still waiting
 * for validation; heartbeat tokens that are up, down, new and paused. Nothing leaves loopback.
 */
public final class DemoDealer implements AutoCloseable {
    public static final String DOWN = "printer.home";
    public static final String LONG = "backup-server-in-the-basement-with-a-rather-long-name.home.arpa";

    private final DealerServer server;
    private final MutableClock clock;
    private final ScriptedWorker worker;
    private final Map<String, Heartbeat> tokens = new HashMap<>();

    private DemoDealer(DealerServer server, MutableClock clock, ScriptedWorker worker) {
        this.server = server;
        this.clock = clock;
        this.worker = worker;
    }

    /**
     * Starts the dealer in {@code dir} and plays {@code rounds} rounds of checks {@code step} apart, starting at
     * 2026-11-22 10:00 UTC. {@link #DOWN} is down for the last four rounds (an open incident) and, in a long
     * history, for six rounds a third of the way in (a closed one); router.home fails one check in seven (never
     * two in a row, so it stays up).
     */
    public static DemoDealer start(Path dir, Duration step, int rounds) throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        // an address each (all loopback), so no row lists the others as other names for its address
        Files.writeString(lists.resolve("tcp_v4.csv"), "# allow-private\n127.0.0.1,8080,nas.home,,,tags=home;nas\n"
                + "127.0.0.2,8081," + DOWN + ",,,tags=home\n127.0.0.3,8082," + LONG + "\n"
                + "127.0.0.4,8083,router.home,,,tags=home;network\n");
        Files.writeString(lists.resolve("tcp_v6.csv"), "# allow-private\n::1,8443,six.home\n");
        Files.writeString(lists.resolve("ping_v4.csv"), "# allow-private\n127.0.0.5,,gateway.home\n");
        MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).spread(Duration.ofSeconds(1))
                .interval(step).listScan(Duration.ofMillis(100)).build();
        DealerServer server = DealerServer.start(cfg, new SqliteStore(cfg.dataDir()), clock);
        DemoDealer demo = new DemoDealer(server, clock, new ScriptedWorker(server.url(), "pi-worker"));
        try {
            demo.play(step, rounds, lists);
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    private void play(Duration step, int rounds, Path lists) throws Exception {
        Http http = new Http(server.url());
        tokens.put("nightly backup", server.heartbeats().create(HeartbeatSpec.parse("nightly backup",
                "pg_dump of the app database to the NAS", "1d", "")));
        tokens.put("hourly sync", server.heartbeats().create(HeartbeatSpec.parse("hourly sync",
                "rsync of the photos", "1h", "")));
        tokens.put("certificate renewal", server.heartbeats().create(HeartbeatSpec.parse("certificate renewal",
                "", "7d", "1d")));
        tokens.put("weekly report", server.heartbeats().create(HeartbeatSpec.parse("weekly report", "", "7d",
                "")));
        server.heartbeats().pause(tokens.get("weekly report").id());
        int downFrom = rounds - 4;
        int outage = rounds >= 100 ? rounds / 3 : -100;
        for (int i = 0; i < rounds; i++) {
            clock.advance(step);
            if (i == Math.max(0, rounds - 48)) {
                ping(http, "hourly sync"); // and never again: down (fired) an hour and a bit later
            }
            if (i == rounds - 1) {
                ping(http, "nightly backup");
            }
            int round = i;
            boolean printerDown = round >= downFrom || round >= outage && round < outage + 6;
            worker.round(t -> t.port() != null && t.port() == 8081 && printerDown ? Verdict.down("connection refused")
                    : t.port() != null && t.port() == 8083 && round % 7 == 3 ? Verdict.down("timeout after 5000 ms")
                    : Verdict.up(1.0 + (t.port() == null ? 0 : t.port() % 7) + (round % 5) * 0.4));
        }
        // STUN rows are validated by a worker before they are ranked: these wait (no more rounds come)
        Files.writeString(lists.resolve("stun_v4.csv"), "# allow-private\n127.0.0.6,3478,stun.home\n"
                + "127.0.0.7,3478,stun2.home\n");
        Eventually.until(Duration.ofSeconds(10), "the STUN rows pending",
                () -> server.reads().pendingCandidates() == 2);
        server.flusher().flushNow();
        server.history().invalidate();
    }

    private void ping(Http http, String token) {
        int status = http.get("/hb/" + tokens.get(token).token()).status();
        if (status != 200) {
            throw new AssertionError("ping of " + token + " answered " + status);
        }
    }

    public DealerServer dealer() {
        return server;
    }

    public String url() {
        return server.url();
    }

    public MutableClock clock() {
        return clock;
    }

    /** A token by name: "nightly backup" (up), "hourly sync" (down), "certificate renewal" (new), "weekly report". */
    public Heartbeat token(String name) {
        return tokens.get(name);
    }

    /** The id of the target with this name. */
    public long target(String name) {
        return server.reads().read(all -> all.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + name)).id());
    }

    @Override
    public void close() throws Exception {
        try {
            worker.close();
        } finally {
            server.close();
        }
    }
}
