package dogdorm.worker.probe.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICMP (or ICMPv6) socket shared by every ping of its family: checks send echo requests with a sequence number
 * of their own, and one receiving thread matches what comes back to the check waiting for it, by sequence,
 * identifier (raw sockets; a datagram socket's identifier is the kernel's and it delivers only this socket's
 * replies), source address and a random token in the payload. A reply that matches nothing (late, forged, another
 * program's), a truncated packet and an ICMP error quoting someone else's request are counted and dropped; an
 * error (unreachable, time exceeded) quoting one of ours ends that check with the reason. Raw sockets receive ICMP
 * errors like any packet; a datagram socket has them queued apart ({@code IP_RECVERR}), and the receiver reads
 * that queue whenever a receive reports an error, and between receives.
 */
final class IcmpSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IcmpSocket.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Mode { DATAGRAM, RAW }

    /**
     * How one echo went: the round trip, or why it failed (null round trip and error: no answer in time), and how
     * many requests it sent.
     */
    record Outcome(Double rttMs, String error, InetAddress from, int attempts) {}

    /** What came back for a check: when it arrived, the error it names (null for a reply), from where, to which. */
    record Arrival(long atNanos, String error, InetAddress from, int sequence) {}

    /** A check waiting for its answer: where it sent, the token it carried, and how it ends. */
    record Waiter(InetAddress to, long token, CompletableFuture<Arrival> done) {}

    /** Why a socket could not be opened, with the errno. */
    static final class OpenFailed extends Exception {
        final int errno;

        OpenFailed(String message, int errno) {
            super(message);
            this.errno = errno;
        }
    }

    private final int fd;
    private final int family;
    private final Mode mode;
    private final int identifier = RANDOM.nextInt(1 << 16);
    private final Map<Integer, Waiter> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger nextSequence = new AtomicInteger(RANDOM.nextInt(1 << 16));
    private final AtomicLong unmatched = new AtomicLong();
    private final Thread receiver;
    private volatile boolean closed;

    private IcmpSocket(int fd, int family, Mode mode) {
        this.fd = fd;
        this.family = family;
        this.mode = mode;
        this.receiver = Thread.ofPlatform().daemon().name("icmp" + (family == 6 ? "6" : "4") + "-receiver")
                .start(this::receive);
    }

    static IcmpSocket open(int family, Mode mode) throws OpenFailed {
        int domain = family == 6 ? Libc.AF_INET6 : Libc.AF_INET;
        int type = (mode == Mode.RAW ? Libc.SOCK_RAW : Libc.SOCK_DGRAM) | Libc.SOCK_CLOEXEC;
        int protocol = family == 6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP;
        Libc.Result r = Libc.socket(domain, type, protocol);
        if (r.failed()) {
            throw new OpenFailed(Libc.strerror(r.errno()), r.errno());
        }
        int fd = (int) r.value();
        Libc.Result t = Libc.receiveTimeout(fd, 200);
        if (t.failed()) {
            Libc.close(fd);
            throw new OpenFailed("SO_RCVTIMEO: " + Libc.strerror(t.errno()), t.errno());
        }
        Libc.receiveBuffer(fd, 4 << 20); // best effort: a thousand lanes answer in bursts
        if (mode == Mode.DATAGRAM) {
            Libc.Result e = Libc.receiveErrors(fd, family);
            if (e.failed()) {
                log.warn("ICMPv{} datagram socket: no IP_RECVERR ({}): unreachable hosts will time out", family,
                        Libc.strerror(e.errno()));
            }
        }
        return new IcmpSocket(fd, family, mode);
    }

    Mode mode() {
        return mode;
    }

    /** Replies and errors that matched no waiting check, since the socket opened. */
    long unmatched() {
        return unmatched.get();
    }

    /**
     * Sends an echo request to {@code to} and waits up to {@code timeout} for its answer. When half the timeout
     * passes without one, a second request (its own sequence number) goes out, and an answer to either ends the
     * wait: one lost packet does not fail the check. The round trip is that of the request answered.
     */
    Outcome echo(InetAddress to, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + Math.max(0, timeout.toNanos());
        Waiter w = new Waiter(to, RANDOM.nextLong(), new CompletableFuture<>());
        int[] sequences = new int[2];
        long[] sent = new long[2];
        int attempts = 0;
        try {
            Arrival got = null;
            while (got == null && attempts < 2) {
                int sequence;
                do {
                    sequence = nextSequence.getAndIncrement() & 0xFFFF;
                } while (waiting.putIfAbsent(sequence, w) != null);
                sequences[attempts] = sequence;
                String failed = send(to, sequence, w.token(), sent, attempts);
                attempts++;
                if (failed != null) {
                    return new Outcome(null, failed, null, attempts);
                }
                long until = attempts == 1 ? start + (end - start) / 2 : end;
                try {
                    got = w.done().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // no answer yet: a second request, or the end
                } catch (ExecutionException e) {
                    return new Outcome(null, "receive failed: " + e.getCause().getMessage(), null, attempts);
                }
            }
            if (got == null) {
                return new Outcome(null, null, null, attempts);
            }
            long sentAt = attempts == 2 && got.sequence() == sequences[1] ? sent[1] : sent[0];
            return got.error() != null ? new Outcome(null, got.error(), got.from(), attempts)
                    : new Outcome((got.atNanos() - sentAt) / 1e6, null, got.from(), attempts);
        } finally {
            for (int i = 0; i < attempts; i++) {
                waiting.remove(sequences[i], w);
            }
        }
    }

    /** Sends one request; notes when in {@code sent[slot]}; returns why it could not be sent, or null. */
    private String send(InetAddress to, int sequence, long token, long[] sent, int slot) {
        byte[] packet = EchoPacket.request(family, identifier, sequence, token);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(packet.length);
            MemorySegment.copy(packet, 0, buf, ValueLayout.JAVA_BYTE, 0, packet.length);
            MemorySegment addr = sockaddr(a, to);
            sent[slot] = System.nanoTime();
            Libc.Result r = Libc.sendto(fd, buf, packet.length, addr, (int) addr.byteSize(), a);
            return r.failed() ? "cannot send: " + Libc.strerror(r.errno()) : null;
        }
    }

    static MemorySegment sockaddr(Arena a, InetAddress to) {
        byte[] ip = to.getAddress();
        if (ip.length == 4) {
            MemorySegment s = a.allocate(16);
            s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
            MemorySegment.copy(ip, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
            return s;
        }
        MemorySegment s = a.allocate(28);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(ip, 0, s, ValueLayout.JAVA_BYTE, 8, 16);
        if (to instanceof java.net.Inet6Address v6 && v6.getScopeId() != 0) {
            s.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
        }
        return s;
    }

    private void receive() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(2048);
            MemorySegment addr = a.allocate(28);
            MemorySegment addrLen = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = Libc.newCallState(a);
            byte[] packet = new byte[2048];
            ErrorQueue errors = mode == Mode.DATAGRAM ? new ErrorQueue(a) : null;
            while (!closed) {
                addrLen.set(ValueLayout.JAVA_INT, 0, 28);
                Libc.Result r = Libc.recvfrom(fd, buf, addr, addrLen, state);
                long now = System.nanoTime();
                if (r.failed()) {
                    if (errors != null) {
                        // a pending ICMP error is reported by the receive (EHOSTUNREACH, ...); its detail is queued
                        errors.drain();
                    } else if (r.errno() != Libc.EAGAIN && r.errno() != Libc.EINTR && !closed) {
                        log.warn("ICMPv{} socket: receive failed: {}", family, Libc.strerror(r.errno()));
                        sleepQuietly();
                    }
                    continue;
                }
                int n = (int) r.value();
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, packet, 0, n);
                EchoPacket.Received got = EchoPacket.parse(family, packet, n, mode == Mode.RAW && family == 4);
                if (got == null) {
                    continue; // not about an echo: our own requests seen by a raw socket, other ICMP traffic
                }
                deliver(got, source(addr), now);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                log.error("ICMPv{} receiver stopped", family, e);
            }
        }
    }

    /** Hands what came back to the check waiting for it, or counts it as unmatched. */
    private void deliver(EchoPacket.Received got, InetAddress from, long now) {
        Waiter w = waiting.get(got.sequence());
        if (!answers(w, got, from, mode, identifier)) {
            unmatched.incrementAndGet();
            return;
        }
        w.done().complete(new Arrival(now, got.error() == null ? null
                : got.error() + (from == null ? "" : " from " + from.getHostAddress()), from, got.sequence()));
    }

    /**
     * A datagram socket's queue of ICMP errors ({@code IP_RECVERR}): each entry is the ICMP header of the request
     * it is about (type, code, checksum, identifier, sequence) and a {@code sock_extended_err} naming the ICMP type
     * and code and, after it, the address of whoever sent the error.
     */
    private final class ErrorQueue {
        private static final int SO_EE_ORIGIN_ICMP = 2;
        private static final int SO_EE_ORIGIN_ICMP6 = 3;
        private final MemorySegment message;
        private final MemorySegment iovec;
        private final MemorySegment data;
        private final MemorySegment control;
        private final MemorySegment state;
        private final byte[] header = new byte[8];

        ErrorQueue(Arena a) {
            message = a.allocate(56, 8);
            iovec = a.allocate(16, 8);
            data = a.allocate(64);
            control = a.allocate(512, 8);
            state = Libc.newCallState(a);
        }

        /** Reads every queued error, without waiting. */
        void drain() {
            while (!closed) {
                Libc.Result r = Libc.recvError(fd, message, iovec, data, control, state);
                if (r.failed()) {
                    return; // EAGAIN: the queue is empty
                }
                long now = System.nanoTime();
                if (r.value() < 8) {
                    continue;
                }
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, header, 0, 8);
                read(now);
            }
        }

        /** Walks the control messages for the extended error and delivers it as an error about our request. */
        private void read(long now) {
            long length = message.get(ValueLayout.JAVA_LONG, 40);
            long at = 0;
            while (at + 16 <= length) {
                long cmsgLength = control.get(ValueLayout.JAVA_LONG, at);
                int level = control.get(ValueLayout.JAVA_INT, at + 8);
                int type = control.get(ValueLayout.JAVA_INT, at + 12);
                if (cmsgLength < 16 || at + cmsgLength > length) {
                    return;
                }
                boolean recverr = family == 6 ? level == Libc.SOL_IPV6 && type == Libc.IPV6_RECVERR
                        : level == Libc.SOL_IP && type == Libc.IP_RECVERR;
                if (recverr && cmsgLength >= 16 + 16) {
                    MemorySegment ee = control.asSlice(at + 16, cmsgLength - 16);
                    int origin = ee.get(ValueLayout.JAVA_BYTE, 4) & 0xFF;
                    int icmpType = ee.get(ValueLayout.JAVA_BYTE, 5) & 0xFF;
                    int icmpCode = ee.get(ValueLayout.JAVA_BYTE, 6) & 0xFF;
                    String error = origin == SO_EE_ORIGIN_ICMP || origin == SO_EE_ORIGIN_ICMP6
                            ? EchoPacket.error(family, icmpType, icmpCode) : null;
                    if (error == null) {
                        error = "send failed: " + Libc.strerror(ee.get(ValueLayout.JAVA_INT, 0));
                    }
                    InetAddress offender = ee.byteSize() >= 16 + (family == 6 ? 28 : 16) ? source(ee.asSlice(16)) : null;
                    int sequence = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
                    int id = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                    deliver(new EchoPacket.Received(id, sequence, 0, error), offender, now);
                    return;
                }
                at += (cmsgLength + 7) & ~7L;
            }
        }
    }

    /**
     * Whether a packet answers a waiting check: there is one for its sequence (none: a late reply, after the check
     * gave up, or a stray one); on a raw socket its identifier is this socket's (a datagram socket's identifier is
     * the kernel's, which delivers only this socket's replies); and a reply comes from the address asked and
     * carries the check's token (an error comes from a router and quotes only the request's header).
     */
    static boolean answers(Waiter w, EchoPacket.Received got, InetAddress from, Mode mode, int identifier) {
        if (w == null || mode == Mode.RAW && got.identifier() != identifier) {
            return false;
        }
        return got.error() != null || w.token() == got.token() && w.to().equals(from);
    }

    private InetAddress source(MemorySegment addr) {
        try {
            short f = addr.get(ValueLayout.JAVA_SHORT, 0);
            byte[] ip;
            if (f == Libc.AF_INET) {
                ip = new byte[4];
                MemorySegment.copy(addr, ValueLayout.JAVA_BYTE, 4, ip, 0, 4);
            } else if (f == Libc.AF_INET6) {
                ip = new byte[16];
                MemorySegment.copy(addr, ValueLayout.JAVA_BYTE, 8, ip, 0, 16);
            } else {
                return null;
            }
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Libc.close(fd);
        waiting.values().forEach(w -> w.done().complete(new Arrival(System.nanoTime(), "socket closed", null, -1)));
    }
}
