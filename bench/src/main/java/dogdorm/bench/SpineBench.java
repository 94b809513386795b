package dogdorm.bench;

import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.Task;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.flush.FlushStatus;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.notify.Notifier;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.config.PostgresUrl;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.schedule.Lease;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.postgres.PostgresStore;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.probe.FakeProbe;
import dogdorm.worker.probe.Probe;
import dogdorm.worker.probe.Probes;
import dogdorm.worker.run.ProbeRunner;
import dogdorm.worker.run.Worker;
import dogdorm.worker.peers.PostgresServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The spine's figures: lease+result round trips per second through real HTTP (100,000 targets, 8 and 64 lanes
 * each doing one job at a time), the scheduler's cost per lease at 10k and 1M targets, the flush time for 100k
 * changed targets, the dealer's heap per 100k targets, one target's view, and what GET /healthz costs beside a
 * static file. Arguments pick figures: scheduler, heap, view, page, flush, http, health, worker.
 */
public final class SpineBench {
    private SpineBench() {}

    public static void main(String[] args) throws Exception {
        Figures.heading("Spine benchmark", Figures.maxHeap());
        Figures.columns("figure", "value");
        Set<String> only = Set.of(args);
        if (only.isEmpty() || only.contains("scheduler")) {
            scheduler(10_000);
            scheduler(1_000_000);
        }
        if (only.isEmpty() || only.contains("heap")) {
            heap(100_000);
        }
        if (only.isEmpty() || only.contains("view")) {
            view(100_000);
        }
        if (only.isEmpty() || only.contains("page")) {
            page(10_000);
            page(100_000);
        }
        if (only.isEmpty() || only.contains("flush")) {
            flush(100_000);
        }
        if (only.isEmpty() || only.contains("http")) {
            roundTrips(100_000, 8);
            roundTrips(100_000, 64);
        }
        if (only.isEmpty() || only.contains("postgresql")) {
            postgres(100_000);
        }
        if (only.isEmpty() || only.contains("health")) {
            health(100_000);
        }
        if (only.isEmpty() || only.contains("worker")) {
            workerEngine(100_000, 8);
            workerEngine(100_000, 64);
        }
    }

    /** Deal + answer one unit at a time, every unit due, so each deal takes the heap's head. */
    static void scheduler(int units) {
        scheduler(units, 1);
        scheduler(units, 3);
    }

    /**
     * Deals and answers leases of {@code units} targets each checked from {@code k} locations (K workers, one per
     * location, asking in turn; with K = 1 one worker and the shared queues): the best of three runs, per lease.
     */
    static void scheduler(int units, int k) {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            Scheduler s = new Scheduler(new Scheduler.Settings(Duration.ofHours(1), Duration.ofSeconds(120),
                    Duration.ofHours(1), Duration.ofMinutes(1)), new Random(run));
            long now = 1_800_000_000_000L;
            String[] places = new String[k];
            for (int p = 0; p < k; p++) {
                places[p] = "loc" + p;
                if (k > 1) s.placeSeen(places[p], now);
            }
            Random r = new Random(42);
            for (int i = 0; i < units; i++) {
                s.put("#" + i, Task.CHECK, Kind.TCP, (i & 1) == 0 ? 4 : 6, new long[] {i}, null,
                        now - r.nextInt(3_600_000), now, k);
            }
            int ops = 200_000;
            List<Kind> kinds = List.of(Kind.TCP, Kind.STUN, Kind.NTP);
            List<Integer> families = List.of(4, 6);
            // the clock moves so that, as in steady state, about one slot comes due per lease dealt
            long step = Math.max(1, 3_600_000L / ((long) units * k));
            long start = System.nanoTime();
            for (int i = 0, leases = 0; leases < ops; i++) {
                String place = places[i % k];
                if (k > 1) s.placeSeen(place, now);
                List<Lease> dealt = s.deal(kinds, families, 1, "w-" + place, k > 1 ? place : null, now);
                now += step;
                if (dealt.isEmpty()) {
                    continue;
                }
                leases++;
                Lease l = dealt.get(0);
                s.answered(l, l.unit().members()[0], false, now);
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) ops);
        }
        Figures.row(String.format(Locale.ROOT, "scheduler: deal + answer, %,d targets, K = %d", units, k),
                String.format(Locale.ROOT, "%.0f ns per lease", best));
    }

    static void heap(int targets) throws Exception {
        long before = usedAfterGc();
        ReadModel reads = new ReadModel();
        Core d = new Core(Core.Settings.of(DealerConfig.builder().build()), Clock.systemUTC(), new Random(1), reads);
        fill(d, targets);
        long after = usedAfterGc();
        Figures.row(String.format(Locale.ROOT, "dealer heap for %,d targets (table, schedule, read model)", targets),
                String.format(Locale.ROOT, "%.1f MB (%d bytes per target)", (after - before) / 1e6,
                        (after - before) / targets));
        if (d.size() != targets || reads.size() != targets) throw new IllegalStateException("lost targets");
    }

    /**
     * What one target's page costs the dealer: its own view ({@link ReadModel#view}), against finding it in the
     * views of every target (what the page did before); neither takes the core's lock.
     */
    static void view(int targets) {
        ReadModel d = new ReadModel();
        fill(new Core(Core.Settings.of(DealerConfig.builder().build()), Clock.systemUTC(), new Random(1), d), targets);
        Random pick = new Random(7);
        long sink = 0;
        int one = 100_000;
        int all = 20;
        for (int round = 0; round < 2; round++) { // the first round warms up
            long start = System.nanoTime();
            for (int i = 0; i < one; i++) {
                sink += d.view(1 + pick.nextInt(targets)).orElseThrow().id();
            }
            double oneNs = (System.nanoTime() - start) / (double) one;
            start = System.nanoTime();
            for (int i = 0; i < all; i++) {
                long id = 1 + pick.nextInt(targets);
                sink += d.read(views -> views.stream().filter(v -> v.id() == id).findFirst()).orElseThrow().id();
            }
            double allNs = (System.nanoTime() - start) / (double) all;
            if (round == 1) {
                Figures.row(String.format(Locale.ROOT, "one target's view, %,d targets", targets),
                        String.format(Locale.ROOT, "%,.1f µs (finding it in every target's view: %,.1f ms)",
                                oneNs / 1e3, allNs / 1e6));
            }
        }
        // /status/service/{domain}: a match on the specs, then the one view
        int lookups = 200;
        long start = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            int n = pick.nextInt(targets);
            String ip = ipOf(n);
            long id = d.lowestId(spec -> ip.equals(spec.ip())).orElseThrow();
            sink += d.view(id).orElseThrow().id();
        }
        Figures.row(String.format(Locale.ROOT, "a target found by address (the status API), %,d targets", targets),
                String.format(Locale.ROOT, "%,.2f ms", (System.nanoTime() - start) / 1e6 / lookups));
        if (sink == 0) throw new IllegalStateException("no views");
    }

    /** The address {@link #fill} gives its {@code i}th target. */
    private static String ipOf(int i) {
        return "11." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    private static void fill(Core d, int targets) {
        for (int i = 0; i < targets; i++) {
            d.addTarget(TargetSpec.simple(Kind.TCP, 4, ipOf(i), 443, new Source("bench", i)));
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void flush(int targets) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-flush");
        try (SqliteStore store = new SqliteStore(dir)) {
            flush(targets, "SQLite", store);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The same on PostgreSQL (Debian's, started here as in the tests, fsync off like the tests' server: the
     * figures compare the SQL and the driver, not the disks), and lease+result round trips of a dealer that
     * stores in it.
     */
    static void postgres(int targets) throws Exception {
        PostgresServer pg;
        try {
            pg = PostgresServer.start();
        } catch (RuntimeException e) { // not installed, or not root: the tests' harness says which
            Figures.row("PostgreSQL", "skipped: " + e.getMessage());
            return;
        }
        try (pg) {
            try (Store store = new PostgresStore(pg.database("flush"), "postgres", null)) {
                flush(targets, "PostgreSQL", store);
            }
            roundTrips(targets, 64, PostgresUrl.parse(pg.storeUrl("http")));
        }
    }

    static void flush(int targets, String engine, Store store) throws Exception {
        {
            Core d = new Core(Core.Settings.of(DealerConfig.builder().spread(Duration.ofMillis(1)).failThreshold(1)
                    .allowPrivate(true).build()), Clock.systemUTC(), new Random(1), Feed.NONE);
            Flusher flusher = new Flusher(store, d.changes(), new Heartbeats(Clock.systemUTC(), new SecureRandom()),
                    new ActionLog(), new Outbox(new Notifier(List.of(), Json.newMapper(), Duration.ofSeconds(1), 1,
                    Duration.ofSeconds(1))), Clock.systemUTC(), Flusher.Settings.every(Duration.ofHours(1)));
            fill(d, targets);
            FlushStatus inserted = flusher.flushNow();
            Thread.sleep(5);
            // a full record of checks per target, as after a day of checks: 29 here, the 30th from the round below
            Instant earlier = Instant.now().minusSeconds(3600);
            for (long id = 1; id <= targets; id++) {
                for (int i = 0; i < d.checks().capacity() - 1; i++) {
                    d.checks().record(id, earlier.plusSeconds(60L * i), "bench", i % 7 != 0, i % 7 != 0 ? 1.0 : null,
                            i % 7 != 0 ? null : "connection refused");
                }
            }
            // every target checked once: 100k changed rows
            int answered = 0;
            while (answered < targets) {
                List<Job> jobs = d.work(new WorkRequest("bench", null, null, List.of(Kind.TCP), 1000, 0));
                if (jobs.isEmpty()) break;
                List<ProbeResult> rs = new ArrayList<>();
                for (Job j : jobs) {
                    rs.add(ProbeResult.of(j.lease(), j.targets().get(0).id(), true, 1.0, null, Map.of()));
                }
                answered += d.results(new ResultBatch("bench", rs)).accepted();
            }
            FlushStatus updated = flusher.flushNow();
            d.changes().takeAllChecksNext(); // what the flush once a minute adds: every record of checks that changed
            FlushStatus records = flusher.flushNow();
            Figures.row(String.format(Locale.ROOT, "flush: insert %,d new targets (%s, one transaction)", targets,
                    engine), inserted.millis() + " ms");
            Figures.row(String.format(Locale.ROOT, "flush: update %,d changed targets (%s)", updated.rows(), engine),
                    updated.millis() + " ms");
            Figures.row(String.format(Locale.ROOT, "flush: %,d targets' records of their last 30 checks "
                    + "(once a minute; %s)", records.rows(), engine), records.millis() + " ms");
            // what a dealer taking over does, and a dealer standing by for each read-only copy it shows
            long loadStart = System.nanoTime();
            Store.Loaded loaded = store.load();
            long readMs = (System.nanoTime() - loadStart) / 1_000_000;
            Core copy = new Core(Core.Settings.of(DealerConfig.builder().allowPrivate(true).build()),
                    Clock.systemUTC(), new Random(2), Feed.NONE);
            int read = copy.load(loaded.core());
            long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
            Figures.row(String.format(Locale.ROOT, "load %,d targets into a dealer (%s: a takeover, and each "
                    + "read-only copy a dealer standing by shows)", read, engine), loadMs + " ms (reading the store "
                    + readMs + " ms, building the table and queues " + (loadMs - readMs) + " ms)");
        }
    }

    /** {@code GET /servers} over real HTTP: the time to the last byte and the page's size (third of three runs). */
    static void page(int targets) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-page");
        DealerConfig cfg = HeartbeatBench.config(dir);
        HttpClient http = HttpClient.newHttpClient();
        try (DealerServer server = DealerServer.start(cfg)) {
            fill(server.core(), targets);
            for (String path : List.of("/servers", "/servers?kind=tcp&family=4&state=unknown&rows=0")) {
                long ms = 0;
                int bytes = 0;
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) throw new IllegalStateException(path + ": " + r.statusCode());
                    ms = (System.nanoTime() - start) / 1_000_000;
                    bytes = r.body().length;
                }
                Figures.row(String.format(Locale.ROOT, "GET %s, %,d targets", path, targets),
                        String.format(Locale.ROOT, "%,d ms, %,.1f MB", ms, bytes / 1e6));
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** A dealer for wrk's round trips: every target due at once, leases that never run out; the script beside it. */
    private static DealerConfig wrkDealer(Path dir) throws IOException {
        return wrkDealer(dir, null);
    }

    private static DealerConfig wrkDealer(Path dir, PostgresUrl store) throws IOException {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("roundtrip.lua"), ROUND_TRIP_LUA);
        return DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofMillis(1)).flush(Duration.ofSeconds(10)).leaseTimeout(Duration.ofHours(1))
                .store(store, null).build();
    }

    /**
     * Lanes, each one connection doing POST /api/work (max 1) then POST /api/results with one result, as fast as
     * it can: driven by wrk (a separate process, so the dealer's JVM does only the dealer's work), one wrk thread
     * per lane. Without wrk, the figure is skipped.
     */
    static void roundTrips(int targets, int lanes) throws Exception {
        roundTrips(targets, lanes, null);
    }

    /** As above, for a dealer that stores in PostgreSQL at {@code store} (null: SQLite). */
    static void roundTrips(int targets, int lanes, PostgresUrl store) throws Exception {
        if (!Wrk.present()) {
            Figures.row("HTTP lease+result round trips", "skipped: install Debian's wrk");
            return;
        }
        Path dir = Files.createTempDirectory("dogdorm-bench-http");
        DealerConfig cfg = store == null ? wrkDealer(dir) : wrkDealer(dir, store);
        Path script = dir.resolve("roundtrip.lua");
        try (DealerServer server = DealerServer.start(cfg)) {
            fill(server.core(), targets);
            Thread.sleep(10);
            // warm-up, then the measured run
            Wrk.run(lanes, lanes, 5, script, server.url() + "/").clean();
            double rps = Wrk.run(lanes, lanes, 10, script, server.url() + "/").clean().requestsPerSecond();
            Figures.row(String.format(Locale.ROOT, "HTTP lease+result round trips, %,d targets, %d lanes (wrk%s)",
                    targets, lanes, store == null ? "" : "; stored in PostgreSQL"),
                    String.format(Locale.ROOT, "%,.0f per second", rps / 2));
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * What a health probe costs, in one run against one dealer with {@code targets} targets, all due: GET of a
     * static file (the server's own ceiling), GET /healthz, lease+result round trips with 8 lanes, and the same
     * round trips while 32 connections poll /healthz (a health check must not slow the workers). wrk, 32
     * connections for the GETs.
     */
    static void health(int targets) throws Exception {
        if (!Wrk.present()) {
            Figures.row("GET /healthz", "skipped: install Debian's wrk");
            return;
        }
        Path dir = Files.createTempDirectory("dogdorm-bench-health");
        DealerConfig cfg = wrkDealer(dir);
        Path script = dir.resolve("roundtrip.lua");
        try (DealerServer server = DealerServer.start(cfg)) {
            fill(server.core(), targets);
            Thread.sleep(10);
            String base = server.url();
            Wrk.run(4, 32, 3, null, base + "/static/dogdorm.css").clean(); // warm-up
            Wrk.run(4, 32, 3, null, base + "/healthz").clean();
            double staticRps = Wrk.run(4, 32, 10, null, base + "/static/dogdorm.css").clean().requestsPerSecond();
            Figures.row(String.format(Locale.ROOT, "GET /static/dogdorm.css, %,d targets, 32 connections (wrk)",
                    targets), String.format(Locale.ROOT, "%,.0f per second", staticRps));
            double healthRps = Wrk.run(4, 32, 10, null, base + "/healthz").clean().requestsPerSecond();
            Figures.row(String.format(Locale.ROOT, "GET /healthz, %,d targets, 32 connections (wrk)", targets),
                    String.format(Locale.ROOT, "%,.0f per second (%.0f%% of the static file)", healthRps,
                            100 * healthRps / staticRps));
            double alone = Wrk.run(8, 8, 10, script, base + "/").clean().requestsPerSecond() / 2;
            Figures.row(String.format(Locale.ROOT, "HTTP lease+result round trips, %,d targets, 8 lanes (wrk)",
                    targets), String.format(Locale.ROOT, "%,.0f per second", alone));
            Process poll = new ProcessBuilder(Wrk.BINARY.toString(), "-t2", "-c32", "-d12s", base + "/healthz")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(1000);
            double busy = Wrk.run(8, 8, 10, script, base + "/").clean().requestsPerSecond() / 2;
            poll.waitFor();
            Figures.row(String.format(Locale.ROOT, "... the same while 32 connections poll GET /healthz", targets),
                    String.format(Locale.ROOT, "%,.0f per second", busy));
        } finally {
            deleteTree(dir);
        }
    }

    /** Each wrk thread has one connection and its own Lua state: it alternates a work request and its result. */
    private static final String ROUND_TRIP_LUA = """
            local counter = 0
            function setup(thread)
              counter = counter + 1
              thread:set("id", counter)
            end
            local lease, target = nil, nil
            local json = {["Content-Type"] = "application/json"}
            request = function()
              if lease then
                local body = string.format('{"worker":"w%d","results":[{"lease":"%s","target":%s,"up":true,'
                  .. '"latency_ms":1.0}]}', id, lease, target)
                lease = nil
                return wrk.format("POST", "/api/results", json, body)
              end
              return wrk.format("POST", "/api/work", json, string.format('{"worker":"w%d","max":1}', id))
            end
            response = function(status, headers, body)
              if string.sub(body, 1, 8) == '{"jobs":' then
                lease = string.match(body, '"lease":"([^"]+)"')
                target = string.match(body, '"targets":%[{"id":(%d+)')
              end
            end
            """;

    /**
     * The real worker engine (one long-polling fetcher, N lanes, batched results) with a probe that costs nothing:
     * the most jobs per second one worker process gets from the dealer.
     */
    static void workerEngine(int targets, int lanes) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-worker");
        Path lists = Files.createDirectories(dir.resolve("lists"));
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofMillis(1)).flush(Duration.ofSeconds(10)).build();
        try (DealerServer server = DealerServer.start(cfg)) {
            fill(server.core(), targets);
            Thread.sleep(10);
            Probe free = FakeProbe.alwaysUp(Kind.TCP, 0.1);
            Worker w = new Worker(new Worker.Settings(
                    "bench", null, List.of(4), List.of(Kind.TCP), lanes, Duration.ofSeconds(1), 100_000),
                    new DealerClient(server.url(), null, Json.newMapper()),
                    new ProbeRunner(new Probes(List.of(free))),
                    new Random(1));
            w.start();
            Thread.sleep(3000);
            long before = server.core().counts().resultsAccepted();
            Thread.sleep(10_000);
            long after = server.core().counts().resultsAccepted();
            w.stop(Duration.ofSeconds(5), Duration.ofSeconds(5));
            Figures.row(String.format(Locale.ROOT, "worker engine, free probe, %d lanes (batched leases and results)",
                    lanes), String.format(Locale.ROOT, "%,.0f jobs per second", (after - before) / 10.0));
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
