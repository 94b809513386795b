package dogdorm.worker.probe.icmp;

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
        }
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
