package dogdorm.worker.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What tests and benchmarks in a network namespace of their own use to shape it: iptables rules, and loopback TCP
 * ports that accept and close (a server that is up, whose ports a rule can then cut off).
 */
public final class Iptables {
    private Iptables() {}

    /** Runs {@code iptables} with these arguments in the caller's namespace; fails with its output. */
    public static void run(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("iptables"));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("iptables " + String.join(" ", args) + ": " + out);
        }
    }

    /** A loopback TCP port that accepts every connection and closes it; closing the socket stops it. */
    public static ServerSocket acceptAndClose(int port) throws IOException {
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
}
