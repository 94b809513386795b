package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/** {@code tcp}: up when a TCP connection to ip:port is accepted within the timeout. Latency is the connect time. */
public final class TcpProbe implements Probe {
    private final Resolver resolver;

    public TcpProbe(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Kind kind() {
        return Kind.TCP;
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) throws Exception {
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = resolver.addressOf(target);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        int remaining = (int) Math.max(1, timeout.toMillis() - (System.nanoTime() - start) / 1_000_000);
        try (Socket socket = new Socket()) {
            long connectStart = System.nanoTime();
            socket.connect(new InetSocketAddress(address, target.port()), remaining);
            double ms = ProbeReport.millisSince(connectStart);
            return ProbeReport.up(ms, Map.of("address", address.getHostAddress()));
        } catch (SocketTimeoutException e) {
            return ProbeReport.down("connect timed out after " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return ProbeReport.down("connection refused");
        } catch (NoRouteToHostException e) {
            return ProbeReport.down("no route to host");
        }
    }
}
