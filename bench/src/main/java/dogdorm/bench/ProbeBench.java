package dogdorm.bench;

import dogdorm.common.Kind;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.worker.peers.Chrony;
import dogdorm.worker.peers.Coturn;
import dogdorm.worker.peers.Dnsmasq;
import dogdorm.worker.peers.Mosquitto;
import dogdorm.worker.peers.PeerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Probes per second and resident memory of one worker process at 10, 100 and 1,000 lanes, per kind, against real
 * servers on loopback; and, at the same concurrency, TCP and ICMP probes per second of Debian's
 * prometheus-blackbox-exporter driven by wrk. Every target is due again the moment it is answered, so the
 * worker never waits for work.
 */
public final class ProbeBench {
    private static int SECONDS = 10;
    /**
     * Seconds a worker runs before its rate is read: its JIT compiler is busy for half of one of this machine's two
     * cores until about 25 s after start, and what a long-running worker does is the steady state.
     */
    private static int WARM_UP = 30;
    /** Where the targets it makes come from, as pages show it. */
    private static final Source BENCH = new Source("bench", 0);

    private ProbeBench() {}

    public static void main(String[] args) throws Exception {
        List<String> kinds = new ArrayList<>();
        List<Integer> lanes = new ArrayList<>(List.of(10, 100, 1000));
        boolean blackbox = true;
        for (String a : args) {
            if (a.startsWith("--lanes=")) {
                lanes.clear();
                for (String n : a.substring(8).split(",")) lanes.add(Integer.parseInt(n));
            } else if (a.startsWith("--warmup=")) {
                WARM_UP = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--seconds=")) {
                SECONDS = Integer.parseInt(a.substring(10));
            } else if (a.equals("--no-blackbox")) {
                blackbox = false;
            } else {
                kinds.add(a);
            }
        }
        if (kinds.isEmpty()) kinds = List.of("tcp", "ping", "stun", "ntp", "dns", "mqtt");
        Figures.heading("Probe benchmark", "; dealer, worker process and servers on one machine");
        Figures.columns("kind", "lanes", "probes/s", "good checks", "worker RSS (peak)");
        Map<String, Double> ours = new HashMap<>();
        Map<String, Double> theirs = new HashMap<>();
        try (Peers peers = new Peers()) {
            for (String kind : kinds) {
                for (int l : lanes) {
                    ours.put(kind + "/" + l, run(peers, Kind.parse(kind), l));
                }
            }
            if (blackbox) {
                System.out.println();
                Figures.columns("prometheus-blackbox-exporter", "concurrency", "probes/s", "exporter RSS (peak)");
                for (String module : List.of("tcp_connect", "icmp")) {
                    for (int l : lanes) {
                        theirs.put((module.equals("icmp") ? "ping" : "tcp") + "/" + l, blackbox(peers, module, l));
                    }
                }
            }
        }
        ratios(ours, theirs, lanes);
    }

    /** The servers the probes talk to, started once. */
    static final class Peers implements AutoCloseable {
        final Coturn coturn;
        final Mosquitto mosquitto;
        final Chrony chrony;
        final Dnsmasq dnsmasq;
        final ServerSocket tcp;
        final Thread acceptor;

        Peers() throws Exception {
            coturn = Coturn.anonymous();
            mosquitto = Mosquitto.start();
            chrony = Chrony.start();
            dnsmasq = Dnsmasq.start();
            // a TCP listener reachable on every loopback address (127.0.x.y), closing what it accepts
            tcp = new ServerSocket();
            tcp.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 4096);
            acceptor = Thread.ofVirtual().start(() -> {
                while (!tcp.isClosed()) {
                    try (Socket s = tcp.accept()) {
                        s.shutdownOutput();
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        @Override
        public void close() throws Exception {
            tcp.close();
            dnsmasq.close();
            chrony.close();
            mosquitto.close();
            coturn.close();
        }
    }

    private static TargetSpec target(Peers p, Kind kind, int i) {
        String loop = "127.0." + (1 + i / 250) + "." + (1 + i % 250);
        String name = "t" + i + ".bench.test";
        return switch (kind) {
            case TCP -> TargetSpec.simple(Kind.TCP, 4, loop, p.tcp.getLocalPort(), BENCH);
            case PING -> TargetSpec.simple(Kind.PING, 4, loop, 0, BENCH);
            case STUN -> named(Kind.STUN, name, p.coturn.port(), Map.of());
            case NTP -> named(Kind.NTP, name, p.chrony.port(), Map.of());
            case DNS -> named(Kind.DNS, name, p.dnsmasq.port(), Map.of("name", Dnsmasq.BOTH));
            case MQTT -> named(Kind.MQTT, name, p.mosquitto.anonymousPort(), Map.of());
            default -> throw new IllegalArgumentException("no benchmark for " + kind);
        };
    }

    /**
     * A target named {@code host} whose address is given as well (127.0.0.1, where the peer listens): thousands of
     * distinct targets on one server, and no name to resolve, so the local DNS server is not what is measured.
     */
    private static TargetSpec named(Kind kind, String host, int port, Map<String, String> options) {
        return new TargetSpec(kind, 4, null, host, "127.0.0.1", port, null, null, null, BENCH, null, null, options);
    }

    /** One row: {@code lanes} lanes of {@code kind}; returns the checks per second. */
    static double run(Peers peers, Kind kind, int lanes) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-probes");
        Files.createDirectories(dir.resolve("lists"));
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0).allowPrivate(true)
                .interval(Duration.ofMillis(1)).spread(Duration.ofMillis(1)).retryInterval(Duration.ofMillis(1))
                .leaseTimeout(Duration.ofSeconds(60)).build();
        try (DealerServer dealer = DealerServer.start(cfg, new MemoryStore(), Clock.systemUTC())) {
            int targets = Math.max(2000, 2 * lanes);
            for (int i = 0; i < targets; i++) {
                dealer.core().addTarget(target(peers, kind, i));
            }
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(workerJvm());
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", workerJar().toString(), "--dealer",
                    dealer.url(), "--lanes", String.valueOf(lanes),
                    "--kinds", kind.wire(), "--families", "4", "--resolver", "127.0.0.1:" + peers.dnsmasq.port(),
                    "--name", "bench"));
            Process worker = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("worker.log").toFile()).start();
            try {
                Thread.sleep(WARM_UP * 1000L);
                long[] before = totals(dealer);
                Thread.sleep(SECONDS * 1000L);
                long[] after = totals(dealer);
                long[] rss = rss(worker.pid());
                long checks = after[0] - before[0], failures = after[1] - before[1];
                if (failures > 0) {
                    String why = dealer.reads().read(all -> all.stream().filter(t -> t.lastError() != null)
                            .map(t -> t.lastError()).findFirst().orElse(""));
                    System.err.println(kind + "/" + lanes + ": a failed check says: " + why);
                }
                double rate = checks / (double) SECONDS;
                Figures.row(kind.wire(), String.valueOf(lanes), String.format(Locale.ROOT, "%,.0f", rate),
                        String.format(Locale.ROOT, "%.1f%%", checks == 0 ? 0.0 : 100.0 * (checks - failures) / checks),
                        String.format(Locale.ROOT, "%d MB (%d MB)", rss[0] >> 10, rss[1] >> 10));
                return rate;
            } finally {
                worker.destroy();
                if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
        } finally {
            SpineBench.deleteTree(dir);
        }
    }

    /** Our rate over the exporter's, for the kinds both check (tcp, ping), at each concurrency both ran. */
    private static void ratios(Map<String, Double> ours, Map<String, Double> theirs, List<Integer> lanes) {
        boolean header = false;
        for (String kind : List.of("tcp", "ping")) {
            for (int l : lanes) {
                Double a = ours.get(kind + "/" + l);
                Double b = theirs.get(kind + "/" + l);
                if (a == null || b == null || b.isNaN() || b <= 0) continue;
                if (!header) {
                    System.out.println();
                    Figures.columns("kind", "lanes", "ours / exporter");
                    header = true;
                }
                Figures.row(kind, String.valueOf(l), String.format(Locale.ROOT, "%.1f×", a / b));
            }
        }
    }

    /** {checks, failures} summed over every target. */
    private static long[] totals(DealerServer dealer) {
        return dealer.reads().read(all -> {
            long c = 0, f = 0;
            for (var t : all) {
                c += t.checks();
                f += t.failures();
            }
            return new long[] {c, f};
        });
    }

    /** One exporter row; returns its probes per second (NaN when skipped or when its probes failed). */
    static double blackbox(Peers peers, String module, int concurrency) throws Exception {
        Path exporter = Path.of("/usr/bin/prometheus-blackbox-exporter");
        if (!Files.isExecutable(exporter) || !Wrk.present()) {
            Figures.row(module, String.valueOf(concurrency), "skipped: install prometheus-blackbox-exporter and wrk",
                    "");
            return Double.NaN;
        }
        Path dir = Files.createTempDirectory("dogdorm-bench-blackbox");
        try {
            Path conf = dir.resolve("blackbox.yml");
            Files.writeString(conf, """
                    modules:
                      tcp_connect:
                        prober: tcp
                        timeout: 5s
                        tcp:
                          preferred_ip_protocol: ip4
                      icmp:
                        prober: icmp
                        timeout: 5s
                        icmp:
                          preferred_ip_protocol: ip4
                    """);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            try (PeerProcess bb = PeerProcess.start("blackbox", List.of(exporter.toString(), "--config.file=" + conf,
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"), dir, Duration.ofSeconds(10),
                    () -> listening(port))) {
                String target = module.equals("icmp") ? "127.0.0.1" : "127.0.0.1:" + peers.tcp.getLocalPort();
                String url = "http://127.0.0.1:" + port + "/probe?module=" + module + "&target=" + target;
                int threads = Math.min(concurrency, 8);
                Wrk.run(threads, concurrency, WARM_UP, null, url);
                double rps = Wrk.run(threads, concurrency, SECONDS, null, url).requestsPerSecond();
                long[] rss = rss(bb.pid());
                // a probe that failed still answers 200, with probe_success 0: check one answer by hand
                String one = fetch(url);
                boolean ok = one.contains("probe_success 1");
                Figures.row(module, String.valueOf(concurrency),
                        String.format(Locale.ROOT, "%,.0f%s", rps, ok ? "" : " (probe_success 0!)"),
                        String.format(Locale.ROOT, "%d MB (%d MB)", rss[0] >> 10, rss[1] >> 10));
                return ok ? rps : Double.NaN;
            }
        } finally {
            SpineBench.deleteTree(dir);
        }
    }

    private static String fetch(String url) throws Exception {
        var client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {VmRSS, VmHWM} in kB. */
    static long[] rss(long pid) throws IOException {
        long rss = 0, hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
            if (line.startsWith("VmHWM:")) hwm = Long.parseLong(line.replaceAll("\\D", ""));
        }
        return new long[] {rss, hwm};
    }

    /** The worker's JVM defaults, as the launcher gives them (bin/bench passes them from bin/lib/common.sh). */
    static List<String> workerJvm() {
        String opts = System.getProperty("dogdorm.workerJvm");
        if (opts == null || opts.isBlank()) {
            throw new IllegalStateException("no -Ddogdorm.workerJvm: run the benchmark through bin/bench");
        }
        return List.of(opts.strip().split("\\s+"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path workerJar() {
        Path jar = Path.of(System.getProperty("dogdorm.home", "."), "worker", "target", "dogdorm-worker-all.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " missing: run bin/bench (it builds the jars)");
        }
        return jar;
    }

}
