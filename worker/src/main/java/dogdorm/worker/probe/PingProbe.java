package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import dogdorm.worker.probe.icmp.IcmpEcho;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ping}: one real ICMP echo, from this process's own ICMP socket where it may open one ({@link IcmpEcho}:
 * a datagram socket, or a raw one with CAP_NET_RAW; one socket per family shared by every check), else sent by
 * the system's {@code ping} program ({@code ping -n -c 1 -W <seconds>
 * -4|-6 <ip>}), which may send ICMP where this JVM may not: unprivileged ICMP sockets are often disabled
 * ({@code net.ipv4.ping_group_range}) while {@code /usr/bin/ping} has {@code cap_net_raw}. Never
 * {@link InetAddress#isReachable}: without privileges it silently tries TCP port 7 instead, and on loopback
 * a refused connection makes it answer true.
 *
 * <p>Exit 0 is up, with the round trip read from the reply line ({@code time=0.070 ms}); exit 1 is down, no
 * reply (with the ICMP error ping printed, such as "Destination Host Unreachable", when there was one); exit
 * 2 and anything else is down with ping's own message. The host name is resolved through the injected
 * {@link Resolver}, so ping itself never asks DNS. A ping still running at the deadline is killed, with any
 * process it started. Details: {@code method} = {@value #METHOD}, {@code round_trip_ms}, {@code address}.
 */
public final class PingProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(PingProbe.class);
    public static final String METHOD = "system ping";
    private static final List<String> PLACES = List.of("/usr/bin/ping", "/bin/ping", "/usr/sbin/ping", "/sbin/ping");
    private static final Pattern REPLY_TIME = Pattern.compile("time\\s*[=<]\\s*([0-9]+(?:[.,][0-9]+)?)\\s*ms");
    private static final Pattern RTT_SUMMARY = Pattern.compile(
            "(?:rtt|round-trip) min/avg/max(?:/[a-z]+)? = [0-9.]+/([0-9.]+)/");
    /** ping's own wait ends this much before the deadline, so it normally exits by itself. */
    private static final long OWN_WAIT_MARGIN_MS = 50;
    private static final int MAX_OUTPUT = 16 * 1024;

    private final Resolver resolver;
    private final IcmpEcho echo;
    private final Path ping;

    /** Runs {@code ping} (a test passes a script that imitates ping: a slow one, a talkative one...). */
    public PingProbe(Resolver resolver, Path ping) {
        this(resolver, null, ping);
    }

    /** Sends echo requests from this process through {@code echo}; with null, runs {@code ping}. */
    public PingProbe(Resolver resolver, IcmpEcho echo, Path ping) {
        this.resolver = resolver;
        this.echo = echo;
        this.ping = ping;
    }

    /** The system's ping program, if there is one. */
    public static Optional<Path> systemPing() {
        return PLACES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    @Override
    public Kind kind() {
        return Kind.PING;
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) throws Exception {
        TimeBudget budget = TimeBudget.of(timeout);
        InetAddress address;
        try {
            address = resolver.addressOf(target);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("method", echo != null ? echo.method() : METHOD);
        detail.put("address", Addresses.canonical(address));
        if (echo != null) {
            IcmpEcho.Answer a = echo.echo(address, Duration.ofNanos(Math.max(0, budget.remainingNanos())));
            if (a.up()) {
                detail.put("round_trip_ms", a.rttMs());
                return ProbeReport.up(a.rttMs(), detail);
            }
            return ProbeReport.down(a.error(), detail);
        }

        long ownWait = Math.max(1, budget.remainingMillis() - OWN_WAIT_MARGIN_MS);
        List<String> command = List.of(ping.toString(), "-n", "-c", "1", "-W",
                String.format(Locale.ROOT, "%d.%03d", ownWait / 1000, ownWait % 1000),
                Addresses.family(address) == 6 ? "-6" : "-4", Addresses.canonical(address));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + ping + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS)) {
                kill(process);
                return ProbeReport.down("no reply within " + budget.totalMillis() + " ms (ping stopped)", detail);
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            String output = drain(process.getInputStream());
            return judge(process.exitValue(), output, budget, detail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeReport.down("interrupted", detail);
        } finally {
            kill(process);
            closeQuietly(process.getInputStream());
            closeQuietly(process.getOutputStream());
        }
    }

    /** The verdict from ping's exit code and output. */
    static ProbeReport judge(int exit, String output, TimeBudget budget, Map<String, Object> detail) {
        Map<String, Object> d = new LinkedHashMap<>(detail);
        if (exit == 0) {
            Double rtt = roundTrip(output);
            if (rtt == null) {
                log.debug("ping succeeded but printed no round trip: {}", output);
                return ProbeReport.up(ProbeReport.millisSince(budget.start()), d);
            }
            d.put("round_trip_ms", rtt);
            return ProbeReport.up(rtt, d);
        }
        if (exit == 1) {
            String icmp = icmpError(output);
            return ProbeReport.down(icmp != null ? "no echo reply: " + icmp
                    : "no echo reply within " + budget.totalMillis() + " ms", d);
        }
        String last = lastLine(output);
        return ProbeReport.down("ping failed (exit " + exit + ")" + (last.isEmpty() ? "" : ": " + last), d);
    }

    /** The round trip in milliseconds from a reply line ({@code time=0.070 ms}, {@code time<1ms}) or the summary. */
    static Double roundTrip(String output) {
        for (String line : output.split("\\R")) {
            if (line.contains(" from ") && !line.contains("Unreachable")) {
                Matcher m = REPLY_TIME.matcher(line);
                if (m.find()) {
                    return Double.parseDouble(m.group(1).replace(',', '.'));
                }
            }
        }
        Matcher m = RTT_SUMMARY.matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    /** The ICMP error ping reported instead of a reply, e.g. "from 192.0.2.1: Destination Host Unreachable". */
    static String icmpError(String output) {
        for (String line : output.split("\\R")) {
            String s = line.strip();
            if (s.startsWith("From ")) {
                return "from " + s.substring(5).replaceFirst("\\s*icmp_seq=\\d+\\s*", ": ").replaceFirst(
                        ":\\s*:", ":");
            }
        }
        return null;
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    /**
     * What ping wrote, read without blocking: once it has exited all its output sits in the pipe, while a
     * process it left behind could hold the pipe open (a blocking read would wait for that one to end).
     */
    private static String drain(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int ready;
        while (out.size() < MAX_OUTPUT && (ready = in.available()) > 0) {
            int n = in.read(buf, 0, Math.min(buf.length, ready));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Kills the process and whatever it started, and waits for it briefly. */
    private static void kill(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                log.warn("ping (pid {}) did not end 1 s after it was killed", process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
