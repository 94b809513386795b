package dogdorm.bench;

import dogdorm.common.Kind;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.worker.peers.Chrony;
import dogdorm.worker.peers.Coturn;
import dogdorm.worker.peers.Dnsmasq;
import dogdorm.worker.peers.Iptables;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * How well outages are detected under packet loss. In a network namespace of its own (it starts itself again
 * under {@code unshare -n}; nothing leaves it, and it goes away with the process however it ends), 50 loopback TCP
 * targets follow a script of outages (20 always up, 10 down about 20% of the time in blocks, 10 down about half the
 * time, 5 flapping every 2-9 s, 5 never up; half with {@code timeout=1s}, half the default 5 s). Where coturn,
 * chrony and dnsmasq are installed, 5 STUN, 5 NTP and 5 DNS targets join them (one of each pattern per kind): each
 * is a port of its own that iptables redirects to the real server, and a down period is a rule answering that port
 * with "port unreachable", as a stopped server's host would. iptables drops packets to and from every target port
 * at random, and a dealer ({@code --interval 5s}, every other setting its default) with one worker process of 16
 * lanes watches them. Per loss rate it prints: detection time (confirmed down minus
 * the outage's start) median and p95, outages longer than two intervals never confirmed, false outages (confirmed
 * down while the target was up), recovery time, and Spearman's rank correlation of the final scores with the true
 * availability.
 */
public final class DetectionBench {
    private static final int TCP_TARGETS = 50;
    private static final int FIRST_PORT = 20_000;
    /** The UDP targets' own ports: five per kind, redirected to that kind's server. */
    private static final int FIRST_UDP_PORT = 21_000;
    private static final List<Kind> UDP_KINDS = List.of(Kind.STUN, Kind.NTP, Kind.DNS);
    private static final int UDP_PER_KIND = 5;
    private static final Source BENCH = new Source("bench", 0);
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private DetectionBench() {}

    public static void main(String[] args) throws Exception {
        List<Integer> losses = new ArrayList<>(List.of(0, 5, 20));
        int seconds = 270;
        int vantage = 1;
        boolean inside = false;
        for (String a : args) {
            if (a.startsWith("--loss=")) {
                losses.clear();
                for (String n : a.substring(7).split(",")) losses.add(Integer.parseInt(n.strip()));
            } else if (a.startsWith("--seconds=")) {
                seconds = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--vantage=")) {
                vantage = Integer.parseInt(a.substring(10));
                if (vantage < 1 || vantage > 8) throw new IllegalArgumentException("--vantage: 1..8 workers");
            } else if (a.equals("--inside")) {
                inside = true;
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (--loss=0,5,20 --seconds=270 "
                        + "--vantage=3)");
            }
        }
        if (!inside) {
            System.exit(relaunch(args));
        }
        try (UdpServers udp = UdpServers.start()) {
            Figures.heading("Detection under packet loss", "; " + TCP_TARGETS + " loopback TCP targets"
                    + (udp == null ? "" : " and " + UDP_KINDS.size() * UDP_PER_KIND + " UDP ones (STUN, NTP, DNS)")
                    + " in a network namespace, dealer --interval 5s, " + (vantage == 1 ? "one worker of 16 lanes"
                    : "--vantage " + vantage + ", " + vantage + " workers of 16 lanes in " + vantage + " locations, "
                    + "the loss on the first worker's packets only") + ", " + seconds + " s per loss rate");
            Figures.columns("loss", "targets", "outages", "detection median / p95", "missed", "false outages",
                    "recovery median", "Spearman");
            for (int loss : losses) {
                run(loss, seconds, udp, vantage);
            }
        }
    }

    /**
     * The real STUN, NTP and DNS servers the UDP targets are redirected to, or null (and a line saying why) when one
     * is not installed: the benchmark then runs with TCP targets only.
     */
    record UdpServers(Coturn coturn, Chrony chrony, Dnsmasq dnsmasq) implements AutoCloseable {
        static UdpServers start() {
            Coturn coturn = null;
            Chrony chrony = null;
            try {
                coturn = Coturn.anonymous();
                chrony = Chrony.start();
                return new UdpServers(coturn, chrony, Dnsmasq.start());
            } catch (Exception | AssertionError e) { // a missing program aborts as a skipped test would
                System.err.println("UDP targets left out: " + e.getMessage());
                if (chrony != null) chrony.close();
                if (coturn != null) coturn.close();
                return null;
            }
        }

        int port(Kind kind) {
            return switch (kind) {
                case STUN -> coturn.port();
                case NTP -> chrony.port();
                case DNS -> dnsmasq.port();
                default -> throw new IllegalArgumentException(kind + " is not a UDP target here");
            };
        }

        @Override
        public void close() {
            dnsmasq.close();
            chrony.close();
            coturn.close();
        }
    }

    /** Starts this benchmark again inside a new network namespace; returns its exit code. */
    private static int relaunch(String[] args) throws Exception {
        List<String> inner = new ArrayList<>(List.of(ProbeBench.java(), "--enable-native-access=ALL-UNNAMED",
                "-Ddogdorm.home=" + System.getProperty("dogdorm.home", "."),
                "-Ddogdorm.workerJvm=" + System.getProperty("dogdorm.workerJvm", ""),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "detection", "--inside"));
        inner.addAll(Arrays.asList(args));
        StringBuilder command = new StringBuilder("set -e; ip link set lo up; exec");
        for (String part : inner) {
            command.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", command.toString()).inheritIO().start();
        return p.waitFor();
    }

    /** One target's script: the down periods, in seconds from the start, and its timeout. */
    record Script(Kind kind, int port, List<double[]> down, boolean shortTimeout) {
        boolean upAt(double s) {
            for (double[] d : down) {
                if (s >= d[0] && s < d[1]) return false;
            }
            return true;
        }

        double availability(double total) {
            double downFor = 0;
            for (double[] d : down) downFor += Math.min(d[1], total) - Math.min(d[0], total);
            return 1 - downFor / total;
        }
    }

    /** The patterns of outages a target follows. */
    enum Pattern { ALWAYS_UP, DOWN_A_FIFTH, DOWN_HALF, FLAPPING, NEVER_UP }

    /** The TCP targets' scripts, then (when {@code udp}) five per UDP kind, one of each pattern. */
    static List<Script> scripts(int seconds, long seed, boolean udp) {
        Random r = new Random(seed);
        List<Script> out = new ArrayList<>();
        for (int i = 0; i < TCP_TARGETS; i++) {
            Pattern p = i < 20 ? Pattern.ALWAYS_UP : i < 30 ? Pattern.DOWN_A_FIFTH : i < 40 ? Pattern.DOWN_HALF
                    : i < 45 ? Pattern.FLAPPING : Pattern.NEVER_UP;
            out.add(new Script(Kind.TCP, FIRST_PORT + i, outages(p, seconds, r), i % 2 == 0));
        }
        if (udp) {
            Random u = new Random(seed + 1); // its own sequence: the TCP scripts stay the same with or without UDP
            for (int k = 0; k < UDP_KINDS.size(); k++) {
                for (int j = 0; j < UDP_PER_KIND; j++) {
                    out.add(new Script(UDP_KINDS.get(k), FIRST_UDP_PORT + k * UDP_PER_KIND + j,
                            outages(Pattern.values()[j], seconds, u), (k + j) % 2 == 0));
                }
            }
        }
        return out;
    }

    private static List<double[]> outages(Pattern p, int seconds, Random r) {
        List<double[]> down = new ArrayList<>();
        double upMin, upMax, downMin, downMax;
        switch (p) {
            case ALWAYS_UP -> { return down; }
            case NEVER_UP -> {
                down.add(new double[] {0, seconds + 60});
                return down;
            }
            case DOWN_A_FIFTH -> { upMin = 20; upMax = 60; downMin = 5; downMax = 15; } // in blocks
            case DOWN_HALF -> { upMin = 10; upMax = 30; downMin = 10; downMax = 30; }
            default -> { upMin = 2; upMax = 9; downMin = 2; downMax = 9; }
        }
        double t = upMin + r.nextDouble() * (upMax - upMin);
        while (t < seconds) {
            double d = downMin + r.nextDouble() * (downMax - downMin);
            down.add(new double[] {t, t + d});
            t += d + upMin + r.nextDouble() * (upMax - upMin);
        }
        return down;
    }

    /** A confirmed state change the dealer made, seconds from the start. */
    record Change(int port, State to, double at) {}

    /** The user the lossy worker runs as in a multi-vantage run (its packets, and only its, are dropped). */
    private static final int LOSSY_UID = 10_001;

    static void run(int loss, int seconds, UdpServers udp, int vantage) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-detection");
        Path lists = Files.createDirectories(dir.resolve("lists"));
        List<Script> scripts = scripts(seconds, 42, udp != null);
        StringBuilder csv = new StringBuilder();
        for (Script s : scripts) {
            if (s.kind() != Kind.TCP) continue;
            csv.append("127.0.0.1,").append(s.port()).append(s.shortTimeout() ? ",,,,timeout=1s" : "").append('\n');
        }
        clearRules();
        if (udp != null) {
            for (Script s : scripts) {
                if (s.kind() == Kind.TCP) continue;
                Iptables.run("-t", "nat", "-A", "OUTPUT", "-p", "udp", "-d", "127.0.0.1", "--dport",
                        String.valueOf(s.port()), "-j", "REDIRECT", "--to-ports", String.valueOf(udp.port(s.kind())));
            }
        }
        if (loss > 0) {
            String p = String.format(Locale.ROOT, "%.4f", loss / 100.0);
            // with several workers only the first one's connections lose packets: they are marked as it opens them
            List<String> whose = vantage == 1 ? List.of() : List.of("-m", "connmark", "--mark", "1");
            if (vantage > 1) {
                Iptables.run("-t", "mangle", "-A", "OUTPUT", "-m", "owner", "--uid-owner", String.valueOf(LOSSY_UID),
                        "-j", "CONNMARK", "--set-mark", "1");
            }
            String range = FIRST_PORT + ":" + (FIRST_PORT + TCP_TARGETS - 1);
            for (String direction : List.of("--dport", "--sport")) {
                List<String> rule = new ArrayList<>(List.of("-A", "INPUT", "-p", "tcp", direction, range));
                rule.addAll(whose);
                rule.addAll(List.of("-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP"));
                Iptables.run(rule.toArray(String[]::new));
            }
            // a redirected packet no longer carries the target's port, its connection's original direction does
            String udpRange = FIRST_UDP_PORT + ":" + (FIRST_UDP_PORT + UDP_KINDS.size() * UDP_PER_KIND - 1);
            List<String> rule = new ArrayList<>(List.of("-A", "INPUT", "-p", "udp", "-m", "conntrack",
                    "--ctorigdstport", udpRange));
            rule.addAll(whose);
            rule.addAll(List.of("-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP"));
            Iptables.run(rule.toArray(String[]::new));
        }
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .interval(INTERVAL).vantage(vantage).build();
        List<Change> changes = new CopyOnWriteArrayList<>();
        Targets targets = new Targets(scripts);
        try (DealerServer dealer = DealerServer.start(cfg, new MemoryStore(), Clock.systemUTC())) {
            long start = System.nanoTime();
            targets.start(start);
            dealer.core().listen((t, from, to, cause, worker, at) -> {
                if (to == State.UP || to == State.DOWN) {
                    changes.add(new Change(t.spec().port(), to, (System.nanoTime() - start) / 1e9));
                }
            });
            Files.writeString(lists.resolve("tcp_v4.csv"), csv);
            dealer.lists().scan();
            for (Script s : scripts) {
                if (s.kind() == Kind.TCP) continue;
                Map<String, String> options = s.kind() == Kind.DNS ? Map.of("name", Dnsmasq.BOTH) : Map.of();
                dealer.core().addTarget(new TargetSpec(s.kind(), 4, null, null, "127.0.0.1", s.port(), null, null,
                        null, BENCH, null, s.shortTimeout() ? 1000 : null, options));
            }
            List<Process> workers = new ArrayList<>();
            try {
                for (int w = 0; w < vantage; w++) {
                    List<String> command = new ArrayList<>();
                    if (vantage > 1) {
                        command.addAll(List.of("setpriv", "--reuid=" + (LOSSY_UID + w), "--regid=" + (LOSSY_UID + w),
                                "--clear-groups"));
                    }
                    command.add(ProbeBench.java());
                    command.addAll(ProbeBench.workerJvm());
                    command.addAll(List.of("--enable-native-access=ALL-UNNAMED",
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", ProbeBench.workerJar().toString(),
                            "--dealer", dealer.url(), "--lanes", "16", "--kinds", udp == null ? "tcp" : "tcp,stun,ntp,dns",
                            "--families", "4", "--name", "detection-" + w, "--location", "loc" + w));
                    workers.add(new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(dir.resolve("worker-" + w + ".log").toFile()).start());
                }
                Thread.sleep(seconds * 1000L);
            } finally {
                for (Process worker : workers) {
                    worker.destroy();
                    if (!worker.waitFor(30, TimeUnit.SECONDS)) worker.destroyForcibly();
                }
            }
            Map<Integer, Integer> byPort = new HashMap<>();
            for (int i = 0; i < scripts.size(); i++) byPort.put(scripts.get(i).port(), i);
            double[] scores = new double[scripts.size()];
            dealer.reads().read(all -> {
                for (var v : all) scores[byPort.get(v.port())] = v.score();
                return null;
            });
            report(loss, seconds, scripts, changes, scores);
            if (vantage > 1) {
                // proof that the loss fell on one location only: failed checks of always-up targets, per location
                Map<String, long[]> perLocation = new java.util.TreeMap<>();
                dealer.reads().read(all -> {
                    for (var v : all) {
                        if (v.vantage() == null || !scripts.get(byPort.get(v.port())).down().isEmpty()) continue;
                        for (var p : v.vantage().points()) {
                            long[] n = perLocation.computeIfAbsent(p.location(), x -> new long[2]);
                            n[0] += p.failures();
                            n[1] += p.checks();
                        }
                    }
                    return null;
                });
                StringBuilder line = new StringBuilder("checks of always-up targets that failed, by location:");
                perLocation.forEach((loc, n) -> line.append(String.format(Locale.ROOT, " %s %d of %d (%.1f%%);",
                        loc, n[0], n[1], 100.0 * n[0] / Math.max(1, n[1]))));
                System.out.println(line);
            }
        } finally {
            targets.close();
            clearRules();
            SpineBench.deleteTree(dir);
        }
    }

    private static void clearRules() throws IOException, InterruptedException {
        Iptables.run("-F", "INPUT");
        Iptables.run("-F", "OUTPUT");
        Iptables.run("-t", "nat", "-F", "OUTPUT");
        Iptables.run("-t", "mangle", "-F", "OUTPUT");
    }

    /** Compares what the dealer confirmed with the script and prints one row. */
    static void report(int loss, int seconds, List<Script> scripts, List<Change> changes, double[] scores) {
        double settle = 20; // the first checks are spread over the first interval; judge from 20 s on
        double grace = INTERVAL.toSeconds() + 10 + 5; // interval + retry interval + a check's 5 s timeout
        List<Double> detection = new ArrayList<>();
        List<Double> recovery = new ArrayList<>();
        int outages = 0, missed = 0, falseOutages = 0;
        for (Script s : scripts) {
            List<Change> mine = changes.stream().filter(c -> c.port() == s.port()).toList();
            for (double[] d : s.down()) {
                if (d[0] < settle || d[0] >= seconds - grace || d[0] == 0) continue;
                // an outage that began while the dealer still had the target down (the up time between two
                // outages too short, or too lossy, to be seen) is the same outage to it: not a new one to detect
                Change before = null;
                for (Change c : mine) {
                    if (c.at() < d[0]) before = c;
                }
                if (before == null || before.to() == State.DOWN) continue;
                outages++;
                Change confirmed = mine.stream().filter(c -> c.to() == State.DOWN && c.at() >= d[0]
                        && c.at() <= Math.min(d[1], seconds) + grace).findFirst().orElse(null);
                if (confirmed == null) {
                    if (d[1] - d[0] > 2 * INTERVAL.toSeconds()) missed++;
                    continue;
                }
                detection.add(confirmed.at() - d[0]);
                mine.stream().filter(c -> c.to() == State.UP && c.at() >= d[1]).findFirst()
                        .ifPresent(c -> recovery.add(c.at() - d[1]));
            }
            for (Change c : mine) {
                if (c.to() != State.DOWN || c.at() < settle) continue;
                boolean explained = false;
                for (double[] d : s.down()) {
                    explained |= c.at() >= d[0] && c.at() <= d[1] + grace;
                }
                if (!explained) falseOutages++;
            }
        }
        double[] avail = new double[scripts.size()];
        for (int i = 0; i < avail.length; i++) avail[i] = scripts.get(i).availability(seconds);
        Figures.row(loss + "%", String.valueOf(scripts.size()), String.valueOf(outages),
                String.format(Locale.ROOT, "%.1f s / %.1f s", percentile(detection, 50), percentile(detection, 95)),
                String.valueOf(missed), String.valueOf(falseOutages),
                String.format(Locale.ROOT, "%.1f s", percentile(recovery, 50)),
                String.format(Locale.ROOT, "%.3f", spearman(scores, avail)));
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        return v.get(Math.min(v.size() - 1, (int) Math.ceil(p / 100.0 * v.size()) - 1));
    }

    /** Spearman's rho: Pearson's correlation of the ranks (ties get their mean rank). */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a), rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0), mb = Arrays.stream(rb).average().orElse(0);
        double num = 0, da = 0, db = 0;
        for (int i = 0; i < ra.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }

    static double[] ranks(double[] x) {
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < x.length; i++) idx[i] = i;
        Arrays.sort(idx, (i, j) -> Double.compare(x[i], x[j]));
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; ) {
            int j = i;
            while (j + 1 < x.length && x[idx[j + 1]] == x[idx[i]]) j++;
            for (int k = i; k <= j; k++) r[idx[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return r;
    }

    /**
     * The scripted servers: a TCP port listens while its script says up and is closed (refused) while down; a UDP
     * port is answered by its real server while up and with "port unreachable" by an iptables rule while down.
     */
    static final class Targets implements AutoCloseable {
        private final List<Script> scripts;
        private final ServerSocket[] open;
        private final boolean[] rejecting;
        private volatile boolean stopped;
        private Thread driver;

        Targets(List<Script> scripts) {
            this.scripts = scripts;
            this.open = new ServerSocket[scripts.size()];
            this.rejecting = new boolean[scripts.size()];
        }

        void start(long startNanos) {
            driver = Thread.ofPlatform().daemon().name("detection-script").start(() -> {
                while (!stopped) {
                    double s = (System.nanoTime() - startNanos) / 1e9;
                    for (int i = 0; i < scripts.size(); i++) {
                        Script script = scripts.get(i);
                        boolean up = script.upAt(s);
                        try {
                            if (script.kind() != Kind.TCP) {
                                if (up == rejecting[i]) {
                                    Iptables.run(up ? "-D" : "-A", "OUTPUT", "-p", "udp", "-m", "conntrack",
                                            "--ctorigdstport", String.valueOf(script.port()), "-j", "REJECT",
                                            "--reject-with", "icmp-port-unreachable");
                                    rejecting[i] = !up;
                                }
                            } else if (up && open[i] == null) {
                                open[i] = Iptables.acceptAndClose(script.port());
                            } else if (!up && open[i] != null) {
                                open[i].close();
                                open[i] = null;
                            }
                        } catch (IOException e) {
                            System.err.println("port " + script.port() + ": " + e.getMessage());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws Exception {
            stopped = true;
            if (driver != null) driver.join(1000);
            for (ServerSocket s : open) {
                if (s != null) s.close();
            }
        }
    }
}
