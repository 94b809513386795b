package dogdorm.worker.probe.icmp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICMP echo from the worker's own process, without a process per check: an unprivileged ICMP datagram socket where
 * the kernel allows it ({@code net.ipv4.ping_group_range} holds one of this process's groups), else a raw socket
 * (root, or {@code CAP_NET_RAW}, which the systemd unit grants). One socket per family, opened when first needed,
 * shared by every check of that family. {@link #open} says which it is, or why neither (then the caller keeps the
 * system {@code ping}).
 */
public final class IcmpEcho implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IcmpEcho.class);

    /** How one echo went: up with its round trip, or down with the reason. */
    public record Answer(boolean up, Double rttMs, String error) {}

    private final IcmpSocket.Mode mode;
    private final Object lock = new Object();
    private IcmpSocket v4;
    private IcmpSocket v6;
    private String v6Error;

    private IcmpEcho(IcmpSocket.Mode mode, IcmpSocket v4) {
        this.mode = mode;
        this.v4 = v4;
    }

    /** The kind of socket in use: "ICMP datagram sockets" or "raw ICMP sockets". */
    public String method() {
        return mode == IcmpSocket.Mode.DATAGRAM ? "ICMP datagram socket" : "raw ICMP socket";
    }

    /**
     * Opens ICMP sockets the way this process may, logging one line that says which and why; empty when it may not
     * (the reason is logged), or when {@code mode} ({@code auto}, {@code datagram}, {@code raw}) rules it out.
     */
    public static Optional<IcmpEcho> open(String mode) {
        String why;
        if (!mode.equals("raw")) {
            try {
                IcmpSocket s = IcmpSocket.open(4, IcmpSocket.Mode.DATAGRAM);
                log.info("ping: ICMP datagram sockets in this process (net.ipv4.ping_group_range allows it)");
                return Optional.of(new IcmpEcho(IcmpSocket.Mode.DATAGRAM, s));
            } catch (IcmpSocket.OpenFailed e) {
                why = "no ICMP datagram socket (" + e.getMessage() + ": net.ipv4.ping_group_range excludes this "
                        + "process's groups)";
            } catch (RuntimeException | LinkageError e) {
                log.info("ping: the system ping program: native calls are not available here ({})", e.toString());
                return Optional.empty();
            }
            if (mode.equals("datagram")) {
                log.info("ping: the system ping program: {}", why);
                return Optional.empty();
            }
        } else {
            why = "raw sockets asked for";
        }
        try {
            IcmpSocket s = IcmpSocket.open(4, IcmpSocket.Mode.RAW);
            log.info("ping: raw ICMP sockets in this process (root or CAP_NET_RAW; {})", why);
            return Optional.of(new IcmpEcho(IcmpSocket.Mode.RAW, s));
        } catch (IcmpSocket.OpenFailed e) {
            log.info("ping: the system ping program: {}, and no raw ICMP socket ({}: needs root or CAP_NET_RAW)",
                    why, e.getMessage());
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            log.info("ping: the system ping program: native calls are not available here ({})", e.toString());
            return Optional.empty();
        }
    }

    /** One echo to {@code to} (a second request after half the timeout), answered within {@code timeout} or down. */
    public Answer echo(InetAddress to, Duration timeout) throws InterruptedException {
        if (timeout.isNegative() || timeout.isZero()) {
            return new Answer(false, null, "no echo reply within 0 ms (no time left to send)");
        }
        IcmpSocket s = socket(to.getAddress().length == 16 ? 6 : 4);
        if (s == null) {
            return new Answer(false, null, "no ICMPv6 socket: " + v6Error);
        }
        IcmpSocket.Outcome o = s.echo(to, timeout);
        if (o.rttMs() != null) {
            return new Answer(true, o.rttMs(), null);
        }
        return new Answer(false, null, o.error() != null ? o.error()
                : "no echo reply " + (o.attempts() > 1 ? "to " + o.attempts() + " requests " : "") + "within "
                        + timeout.toMillis() + " ms");
    }

    private IcmpSocket socket(int family) {
        synchronized (lock) {
            if (family == 4) {
                return v4;
            }
            if (v6 == null && v6Error == null) {
                try {
                    v6 = IcmpSocket.open(6, mode);
                } catch (IcmpSocket.OpenFailed e) {
                    v6Error = e.getMessage();
                    log.warn("ping: no ICMPv6 {} ({}): IPv6 ping checks are down", method(), v6Error);
                }
            }
            return v6;
        }
    }

    /** The kind of socket: for tests of this package. */
    IcmpSocket.Mode mode() {
        return mode;
    }

    /** Replies and errors that matched no waiting check (late, forged, another program's), both families. */
    public long unmatched() {
        synchronized (lock) {
            return (v4 == null ? 0 : v4.unmatched()) + (v6 == null ? 0 : v6.unmatched());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (v4 != null) v4.close();
            if (v6 != null) v6.close();
            v4 = null;
            v6 = null;
        }
    }
}
