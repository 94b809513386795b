package dogdorm.worker.probe;

import dogdorm.common.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * Run by {@link TcpLossIT} in a network namespace of its own whose firewall drops every other SYN to port 7777
 * (the 1st, 3rd, ...) and every SYN to port 7778. Prints one {@code key=value} line per check.
 */
public final class TcpLossChecks {
    private TcpLossChecks() {}

    public static void main(String[] args) throws Exception {
        TcpProbe probe = new TcpProbe(Resolver.system());
        try (ServerSocket lossy = new ServerSocket(); ServerSocket silent = new ServerSocket()) {
            lossy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7777));
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7778));
            // the first SYN is lost; the kernel would send it again only after 1 s, the timeout
            ProbeReport lost = probe.check(Targets.a(Kind.TCP).ip("127.0.0.1").port(7777).build(),
                    Duration.ofSeconds(1));
            System.out.println("tcp.firstSynLost=" + lost.up() + " " + lost.error());
            System.out.println("tcp.firstSynLost.attempts=" + lost.detail().get("attempts"));
            long start = System.nanoTime();
            ProbeReport never = probe.check(Targets.a(Kind.TCP).ip("127.0.0.1").port(7778).build(),
                    Duration.ofMillis(600));
            System.out.println("tcp.everySynLost=" + never.up() + " " + never.error());
            System.out.println("tcp.everySynLost.ms=" + Math.round(ProbeReport.millisSince(start)));
        }
    }
}
