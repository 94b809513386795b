package dogdorm.worker.probe.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Run by {@link IcmpNamespaceIT} in a network namespace of its own (loopback only) whose ping_group_range admits
 * every group and whose firewall answers echo requests to 127.0.0.9 with "host unreachable" and drops replies from
 * 127.0.0.8. Prints one {@code key=value} line per finding.
 */
public final class NamespaceChecks {
    private NamespaceChecks() {}

    public static void main(String[] args) throws Exception {
        try (IcmpEcho datagram = IcmpEcho.open("datagram").orElseThrow()) {
            print("datagram.method", datagram.method());
            print("datagram.v4", datagram.echo(InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(2)));
            print("datagram.v6", datagram.echo(InetAddress.getByName("::1"), Duration.ofSeconds(2)));
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
        }
    }

    /** Sends {@code n} echo replies to 127.0.0.1 from a raw socket of its own, with identifiers nobody used. */
    private static void forgeReplies(int n) throws Exception {
        Libc.Result fd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW, Libc.IPPROTO_ICMP);
        if (fd.failed()) throw new IllegalStateException(Libc.strerror(fd.errno()));
        try (Arena a = Arena.ofConfined()) {
            for (int i = 0; i < n; i++) {
                byte[] p = EchoPacket.request(4, 0xFFFF - i, 0xFFFF - i, 7L);
                p[0] = EchoPacket.V4_ECHO_REPLY;
                p[2] = 0;
                p[3] = 0;
                int sum = EchoPacket.checksum(p);
                p[2] = (byte) (sum >> 8);
                p[3] = (byte) sum;
                MemorySegment buf = a.allocate(p.length);
                MemorySegment.copy(p, 0, buf, ValueLayout.JAVA_BYTE, 0, p.length);
                MemorySegment to = IcmpSocket.sockaddr(a, InetAddress.getByName("127.0.0.1"));
                Libc.Result r = Libc.sendto((int) fd.value(), buf, p.length, to, (int) to.byteSize(), a);
                if (r.failed()) throw new IllegalStateException(Libc.strerror(r.errno()));
            }
        } finally {
            Libc.close((int) fd.value());
        }
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
