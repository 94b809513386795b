package dogdorm.worker.probe.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Run by {@link IcmpNamespaceIT} in a network namespace of its own (loopback only) whose ping_group_range admits
 * every group and whose firewall answers echo requests to 127.0.0.9 with "host unreachable", drops replies from
 * 127.0.0.8, and drops the kernel's own replies from 127.0.0.7 (a {@link Responder} here answers for it, when
 * and from where a check needs). Prints one {@code key=value} line per finding.
 */
public final class NamespaceChecks {
    private NamespaceChecks() {}

    public static void main(String[] args) throws Exception {
        try (IcmpEcho datagram = IcmpEcho.open("datagram").orElseThrow()) {
            print("datagram.method", datagram.method());
            print("datagram.v4", datagram.echo(InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(2)));
            print("datagram.v6", datagram.echo(InetAddress.getByName("::1"), Duration.ofSeconds(2)));
            print("datagram.unreachable", datagram.echo(InetAddress.getByName("127.0.0.9"), Duration.ofSeconds(2)));
            print("datagram.after", datagram.echo(InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(2)));
        }
        try (IcmpEcho raw = IcmpEcho.open("raw").orElseThrow()) {
            print("raw.method", raw.method());
            print("raw.unreachable", raw.echo(InetAddress.getByName("127.0.0.9"), Duration.ofSeconds(2)));
            print("raw.dropped", raw.echo(InetAddress.getByName("127.0.0.8"), Duration.ofMillis(300)));
            print("raw.v4", raw.echo(InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(2)));
            // replies nobody waits for (forged, or late after their check gave up): counted, changing nothing
            long before = raw.unmatched();
            forgeReplies(3);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (raw.unmatched() < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            print("raw.unmatched", raw.unmatched() - before);
            print("raw.after", raw.echo(InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(2)));

            InetAddress quiet = InetAddress.getByName("127.0.0.7");
            try (Responder responder = new Responder(quiet);
                 var background = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                // the right reply (identifier, sequence, token) from another address, while the check waits
                before = raw.unmatched();
                var waiting = background.submit(
                        () -> raw.echo(quiet, Duration.ofMillis(1500)));
                responder.replyToNextRequest(InetAddress.getByName("127.0.0.6"));
                print("raw.otherAddress", waiting.get());
                print("raw.otherAddress.unmatched", raw.unmatched() - before);
                // the right reply from the right address, after the check gave up
                responder.skipQueued();
                before = raw.unmatched();
                var late = background.submit(
                        () -> raw.echo(quiet, Duration.ofMillis(300)));
                byte[] request = responder.nextRequest();
                print("raw.late", late.get());
                responder.reply(request, quiet);
                deadline = System.nanoTime() + 2_000_000_000L;
                while (raw.unmatched() < before + 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                print("raw.late.unmatched", raw.unmatched() - before);
                // and the same reply in time: up (the responder works; the two above failed for their reasons)
                responder.skipQueued();
                var onTime = background.submit(
                        () -> raw.echo(quiet, Duration.ofSeconds(2)));
                responder.replyToNextRequest(quiet);
                print("raw.onTime", onTime.get());
                // the first request lost (no reply), the second answered
                responder.skipQueued();
                var second = background.submit(() -> raw.echo(quiet, Duration.ofMillis(1000)));
                responder.nextRequest();
                responder.replyToNextRequest(quiet);
                print("raw.secondRequest", second.get());
            }
        }
    }

    /**
     * Sees the echo requests sent to one address (a raw socket bound to it) and answers them with a copy turned into
     * a reply, sent from whichever loopback address a check calls for.
     */
    private static final class Responder implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final int fd;

        Responder(InetAddress listen) {
            fd = bound(listen);
            Libc.receiveTimeout(fd, 3000);
        }

        private int bound(InetAddress at) {
            Libc.Result s = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW, Libc.IPPROTO_ICMP);
            if (s.failed()) throw new IllegalStateException(Libc.strerror(s.errno()));
            Libc.Result b = Libc.bind((int) s.value(), IcmpSocket.sockaddr(arena, at), arena);
            if (b.failed()) throw new IllegalStateException("bind " + at + ": " + Libc.strerror(b.errno()));
            return (int) s.value();
        }

        /** The ICMP part of the next echo request that arrives (the IP header cut off). */
        byte[] nextRequest() {
            MemorySegment buf = arena.allocate(1500);
            MemorySegment from = arena.allocate(16);
            MemorySegment fromLength = arena.allocate(ValueLayout.JAVA_INT);
            while (true) {
                fromLength.set(ValueLayout.JAVA_INT, 0, 16);
                Libc.Result r = Libc.recvfrom(fd, buf, from, fromLength, Libc.newCallState(arena));
                if (r.failed()) throw new IllegalStateException("no echo request came: " + Libc.strerror(r.errno()));
                byte[] p = buf.asSlice(0, r.value()).toArray(ValueLayout.JAVA_BYTE);
                int at = (p[0] & 0x0F) * 4;
                if (p.length > at + 8 && (p[at] & 0xFF) == 8) {
                    return java.util.Arrays.copyOfRange(p, at, p.length);
                }
            }
        }

        /** Forgets the requests already received (the second ones of checks that have ended). */
        void skipQueued() {
            Libc.receiveTimeout(fd, 100);
            try {
                while (true) {
                    nextRequest();
                }
            } catch (IllegalStateException e) {
                // nothing more within 100 ms
            } finally {
                Libc.receiveTimeout(fd, 3000);
            }
        }

        void replyToNextRequest(InetAddress from) {
            reply(nextRequest(), from);
        }

        /** Sends {@code request} back to 127.0.0.1 as an echo reply, from {@code from}. */
        void reply(byte[] request, InetAddress from) {
            int out = bound(from);
            try {
                sendToLoopback(out, asReply(request), arena);
            } finally {
                Libc.close(out);
            }
        }

        @Override
        public void close() {
            Libc.close(fd);
            arena.close();
        }
    }

    /** Sends {@code n} echo replies to 127.0.0.1 from a raw socket of its own, with identifiers nobody used. */
    private static void forgeReplies(int n) throws Exception {
        Libc.Result fd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW, Libc.IPPROTO_ICMP);
        if (fd.failed()) throw new IllegalStateException(Libc.strerror(fd.errno()));
        try (Arena a = Arena.ofConfined()) {
            for (int i = 0; i < n; i++) {
                sendToLoopback((int) fd.value(), asReply(EchoPacket.request(4, 0xFFFF - i, 0xFFFF - i, 7L)), a);
            }
        } finally {
            Libc.close((int) fd.value());
        }
    }

    /** An echo request's ICMP message turned into the matching reply, with its checksum. */
    private static byte[] asReply(byte[] request) {
        byte[] p = request.clone();
        p[0] = EchoPacket.V4_ECHO_REPLY;
        p[2] = 0;
        p[3] = 0;
        int sum = EchoPacket.checksum(p);
        p[2] = (byte) (sum >> 8);
        p[3] = (byte) sum;
        return p;
    }

    /** Sends an ICMP message to 127.0.0.1 from raw socket {@code fd}. */
    private static void sendToLoopback(int fd, byte[] p, Arena a) {
        MemorySegment buf = a.allocate(p.length);
        MemorySegment.copy(p, 0, buf, ValueLayout.JAVA_BYTE, 0, p.length);
        MemorySegment to = IcmpSocket.sockaddr(a, InetAddress.getLoopbackAddress());
        Libc.Result r = Libc.sendto(fd, buf, p.length, to, (int) to.byteSize(), a);
        if (r.failed()) throw new IllegalStateException(Libc.strerror(r.errno()));
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
