package dogdorm.bench;

import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.State;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * How well outages are detected under packet loss. In a network namespace of its own (it starts itself again
 * under {@code unshare -n}; nothing leaves it, and it goes away with the process however it ends), 50 loopback TCP
 * targets follow a script of outages (20 always up, 10 down about 20% of the time in blocks, 10 down about half the
 * time, 5 flapping every 2-9 s, 5 never up; half with {@code timeout=1s}, half the default 5 s), iptables drops
 * packets to and from their ports at random, and a dealer ({@code --interval 5s}, every other setting its default)
 * with one worker process of 16 lanes watches them. Per loss rate it prints: detection time (confirmed down minus
 * the outage's start) median and p95, outages longer than two intervals never confirmed, false outages (confirmed
 * down while the target was up), recovery time, and Spearman's rank correlation of the final scores with the true
 * availability.
 */
public final class DetectionBench {
    private static final int TARGETS = 50;
    private static final int FIRST_PORT = 20_000;
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private DetectionBench() {}

    public static void main(String[] args) throws Exception {
        List<Integer> losses = new ArrayList<>(List.of(0, 5, 20));
        int seconds = 270;
        boolean inside = false;
        for (String a : args) {
            if (a.startsWith("--loss=")) {
                losses.clear();
                for (String n : a.substring(7).split(",")) losses.add(Integer.parseInt(n.strip()));
            } else if (a.startsWith("--seconds=")) {
                seconds = Integer.parseInt(a.substring(10));
            } else if (a.equals("--inside")) {
                inside = true;
            } else {
                throw new IllegalArgumentException("unknown option " + a + " (--loss=0,5,20 --seconds=270)");
            }
        }
        if (!inside) {
            System.exit(relaunch(args));
        }
        Figures.heading("Detection under packet loss", "; " + TARGETS + " loopback TCP targets in a network "
                + "namespace, dealer --interval 5s, one worker of 16 lanes, " + seconds + " s per loss rate");
        Figures.columns("loss", "outages", "detection median / p95", "missed", "false outages", "recovery median",
                "Spearman");
        for (int loss : losses) {
            run(loss, seconds);
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
    record Script(int port, List<double[]> down, boolean shortTimeout) {
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

    static List<Script> scripts(int seconds, long seed) {
        Random r = new Random(seed);
        List<Script> out = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            List<double[]> down = new ArrayList<>();
            if (i >= 45) {
                down.add(new double[] {0, seconds + 60}); // never up
            } else if (i >= 20) {
                double upMin, upMax, downMin, downMax;
                if (i < 30) { upMin = 20; upMax = 60; downMin = 5; downMax = 15; }        // ~20% down, in blocks
                else if (i < 40) { upMin = 10; upMax = 30; downMin = 10; downMax = 30; }  // ~50% down
                else { upMin = 2; upMax = 9; downMin = 2; downMax = 9; }                  // flapping
                double t = upMin + r.nextDouble() * (upMax - upMin);
                while (t < seconds) {
                    double d = downMin + r.nextDouble() * (downMax - downMin);
                    down.add(new double[] {t, t + d});
                    t += d + upMin + r.nextDouble() * (upMax - upMin);
                }
            }
            out.add(new Script(FIRST_PORT + i, down, i % 2 == 0));
        }
        return out;
    }

    /** A confirmed state change the dealer made, seconds from the start. */
    record Change(int port, State to, double at) {}

    static void run(int loss, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("dogdorm-bench-detection");
        Path lists = Files.createDirectories(dir.resolve("lists"));
        List<Script> scripts = scripts(seconds, 42);
        StringBuilder csv = new StringBuilder();
        for (Script s : scripts) {
            csv.append("127.0.0.1,").append(s.port()).append(s.shortTimeout() ? ",,,,timeout=1s" : "").append('\n');
        }
        iptables("-F", "INPUT");
        if (loss > 0) {
            String p = String.format(Locale.ROOT, "%.4f", loss / 100.0);
            String range = FIRST_PORT + ":" + (FIRST_PORT + TARGETS - 1);
            iptables("-A", "INPUT", "-p", "tcp", "--dport", range, "-m", "statistic", "--mode", "random",
                    "--probability", p, "-j", "DROP");
            iptables("-A", "INPUT", "-p", "tcp", "--sport", range, "-m", "statistic", "--mode", "random",
                    "--probability", p, "-j", "DROP");
        }
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .interval(INTERVAL).build();
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
            List<String> command = new ArrayList<>(List.of(ProbeBench.java()));
            command.addAll(ProbeBench.workerJvm());
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-jar", ProbeBench.workerJar().toString(), "--dealer", dealer.url(), "--lanes", "16",
                    "--kinds", "tcp", "--families", "4", "--name", "detection"));
            Process worker = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("worker.log").toFile()).start();
            try {
                Thread.sleep(seconds * 1000L);
            } finally {
                worker.destroy();
                if (!worker.waitFor(30, TimeUnit.SECONDS)) worker.destroyForcibly();
            }
            double[] scores = new double[TARGETS];
            dealer.reads().read(all -> {
                for (var v : all) scores[v.port() - FIRST_PORT] = v.score();
                return null;
            });
            report(loss, seconds, scripts, changes, scores);
        } finally {
            targets.close();
            iptables("-F", "INPUT");
            SpineBench.deleteTree(dir);
        }
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
        double[] avail = new double[TARGETS];
        for (int i = 0; i < TARGETS; i++) avail[i] = scripts.get(i).availability(seconds);
        Figures.row(loss + "%", String.valueOf(outages),
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

    private static void iptables(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("iptables"));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("iptables " + String.join(" ", args) + ": " + out);
    }

    /** The scripted servers: each port listens while its script says up and is closed (refused) while down. */
    static final class Targets implements AutoCloseable {
        private final List<Script> scripts;
        private final ServerSocket[] open;
        private volatile boolean stopped;
        private Thread driver;

        Targets(List<Script> scripts) {
            this.scripts = scripts;
            this.open = new ServerSocket[scripts.size()];
        }

        void start(long startNanos) {
            driver = Thread.ofPlatform().daemon().name("detection-script").start(() -> {
                while (!stopped) {
                    double s = (System.nanoTime() - startNanos) / 1e9;
                    for (int i = 0; i < scripts.size(); i++) {
                        boolean up = scripts.get(i).upAt(s);
                        try {
                            if (up && open[i] == null) open[i] = listen(scripts.get(i).port());
                            else if (!up && open[i] != null) {
                                open[i].close();
                                open[i] = null;
                            }
                        } catch (IOException e) {
                            System.err.println("port " + scripts.get(i).port() + ": " + e.getMessage());
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

        private static ServerSocket listen(int port) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        c.shutdownOutput();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return s;
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
