package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.net.DatagramSocketFactory;
import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeInfo;
import org.apache.commons.net.ntp.TimeStamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ntp}: one NTPv4 client request (Apache Commons Net {@link NTPUDPClient}) over a UDP socket connected to
 * the target, so only the target's datagrams are read and an ICMP "port unreachable" ends the wait at once.
 *
 * <p>Up means a well-formed server reply: at least 48 bytes, answering our request (the originate timestamp
 * echoes ours), mode 4 (server), stratum 1 to 15, leap indicator not 3 (alarm: unsynchronized) and a transmit
 * time that is not zero and lies within {@link #SANE_WINDOW} (one day) of our clock: a server further off than
 * that is not telling the time. A Kiss-o'-Death (stratum 0, a code such as RATE, DENY or RSTR in the reference
 * id) is down with its code. Details: {@code stratum}, {@code offset_ms} (server minus us), {@code delay_ms}
 * (round trip less the server's own time), {@code reference_id} (the 4-letter source for stratum 1 such as
 * {@code GPS}, else the dotted form, e.g. {@code 127.127.1.1} for chrony's local clock), {@code leap}.
 */
public final class NtpProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(NtpProbe.class);
    /** How far a server's transmit time may be from our clock and still count as the time. */
    public static final Duration SANE_WINDOW = Duration.ofDays(1);
    static final int PACKET = 48;

    private final Resolver resolver;
    private final Clock clock;

    public NtpProbe(Resolver resolver) {
        this(resolver, Clock.systemUTC());
    }

    /** {@code clock} is what the server's transmit time is held against (the sanity window). */
    NtpProbe(Resolver resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
    }

    @Override
    public Kind kind() {
        return Kind.NTP;
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
        int port = target.port() == 0 ? NtpV3Packet.NTP_PORT : target.port();
        // a request with no reply after half the timeout is sent again, from a fresh socket (a late reply to the
        // first then cannot be mistaken for an answer to the second): one lost packet does not fail the check
        ConnectedSockets sockets = null;
        NTPUDPClient client = null;
        TimeInfo info = null;
        long rttNanos = 0;
        try {
            for (int attempt = 1; info == null; attempt++) {
                if (client != null) {
                    client.close();
                }
                sockets = new ConnectedSockets(new InetSocketAddress(address, port));
                client = new NTPUDPClient();
                client.setVersion(NtpV3Packet.VERSION_4);
                client.setDatagramSocketFactory(sockets);
                client.open();
                long wait = attempt == 1 ? Math.max(1, budget.remainingMillis() - budget.totalMillis() / 2)
                        : budget.socketTimeout();
                client.setSoTimeout(Duration.ofMillis(wait));
                long sent = System.nanoTime();
                try {
                    info = client.getTime(address, port);
                    rttNanos = System.nanoTime() - sent;
                } catch (SocketTimeoutException e) {
                    if (attempt == 2 || budget.expired()) {
                        throw e;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return ProbeReport.down("no reply within " + budget.totalMillis() + " ms");
        } catch (PortUnreachableException e) {
            return ProbeReport.down("port unreachable");
        } catch (IOException e) {
            int got = sockets.lastLength();
            if (got >= 0 && got < PACKET) {
                return ProbeReport.down("truncated reply: " + got + " bytes, an NTP packet has " + PACKET);
            }
            if (String.valueOf(e.getMessage()).startsWith("Originate time does not match")) {
                return ProbeReport.down("the reply does not answer our request (its originate time is not ours)");
            }
            log.debug("NTP exchange with {} failed: {}", target, e.toString());
            return ProbeReport.down(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            if (client != null) {
                client.close();
            }
        }
        return judge(info, rttNanos, address);
    }

    /** The verdict on one reply that answered our request. */
    ProbeReport judge(TimeInfo info, long rttNanos, InetAddress address) {
        NtpV3Packet reply = info.getMessage();
        int length = reply.getDatagramPacket().getLength();
        if (length < PACKET) {
            return ProbeReport.down("truncated reply: " + length + " bytes, an NTP packet has " + PACKET);
        }
        int mode = reply.getMode();
        int stratum = reply.getStratum();
        int leap = reply.getLeapIndicator();
        String refid = referenceId(stratum, reply.getReferenceId());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("address", Addresses.canonical(address));
        detail.put("stratum", stratum);
        detail.put("leap", leap);
        detail.put("reference_id", refid);
        if (mode != NtpV3Packet.MODE_SERVER) {
            return ProbeReport.down("not a server reply: mode " + mode + " (" + reply.getModeName() + ")", detail);
        }
        if (stratum == 0) {
            return ProbeReport.down("kiss-o'-death " + (refid.isEmpty() ? "(no code)" : refid), detail);
        }
        if (leap == NtpV3Packet.LI_ALARM_CONDITION) {
            return ProbeReport.down("leap indicator 3: the server's clock is not synchronized", detail);
        }
        if (stratum > 15) {
            return ProbeReport.down("stratum " + stratum + ": the server's clock is not synchronized", detail);
        }
        TimeStamp transmit = reply.getTransmitTimeStamp();
        if (transmit.ntpValue() == 0) {
            return ProbeReport.down("the reply's transmit time is zero", detail);
        }
        double t1 = millis(reply.getOriginateTimeStamp());
        double t2 = millis(reply.getReceiveTimeStamp());
        double t3 = millis(transmit);
        double rtt = rttNanos / 1e6;
        double t4 = t1 + rtt; // our receive time on our own clock's scale, measured without its jumps
        double offset = ((t2 - t1) + (t3 - t4)) / 2;
        double delay = Math.max(0, rtt - (t3 - t2));
        double off = t3 - clock.millis();
        if (Math.abs(off) > SANE_WINDOW.toMillis()) {
            return ProbeReport.down("the reply's transmit time " + transmit.toUTCString() + " is "
                    + Math.round(Math.abs(off) / 3_600_000.0) + " h from ours", detail);
        }
        detail.put("offset_ms", round3(offset));
        detail.put("delay_ms", round3(delay));
        return ProbeReport.up(round3(rtt), detail);
    }

    /** The reference id as people read it: 4 ASCII letters below stratum 2 (a source or a kiss code), else dotted. */
    static String referenceId(int stratum, int id) {
        if (stratum <= 1) {
            StringBuilder s = new StringBuilder(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                int c = (id >>> shift) & 0xff;
                if (c == 0) {
                    break;
                }
                s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
            }
            return s.toString().strip();
        }
        return ((id >>> 24) & 0xff) + "." + ((id >>> 16) & 0xff) + "." + ((id >>> 8) & 0xff) + "." + (id & 0xff);
    }

    /** An NTP timestamp in Java milliseconds, keeping the fraction below a millisecond. */
    static double millis(TimeStamp ts) {
        long whole = TimeStamp.getTime(ts.ntpValue() & 0xffff_ffff_0000_0000L);
        return whole + ts.getFraction() * 1000.0 / 4294967296.0;
    }

    private static double round3(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    /**
     * Gives the NTP client a socket connected to the target, and remembers how long the last datagram it read
     * was (Commons Net does not check a reply's length).
     */
    static final class ConnectedSockets implements DatagramSocketFactory {
        private final InetSocketAddress target;
        private volatile int lastLength = -1;

        ConnectedSockets(InetSocketAddress target) {
            this.target = target;
        }

        int lastLength() {
            return lastLength;
        }

        @Override
        public DatagramSocket createDatagramSocket() throws SocketException {
            DatagramSocket s = new DatagramSocket((SocketAddress) null) {
                @Override
                public void receive(DatagramPacket p) throws IOException {
                    super.receive(p);
                    lastLength = p.getLength();
                }
            };
            try {
                s.bind(null);
                s.connect(target);
            } catch (SocketException e) {
                s.close();
                throw e;
            }
            return s;
        }

        @Override
        public DatagramSocket createDatagramSocket(int port) throws SocketException {
            return createDatagramSocket();
        }

        @Override
        public DatagramSocket createDatagramSocket(int port, InetAddress localAddress) throws SocketException {
            return createDatagramSocket();
        }
    }
}
