package dogdorm.worker.peers;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finding the real server programs the tests run against, and free ports for them. A missing program skips
 * the test with a message naming the Debian package, except under {@code DOGDORM_REQUIRE_PEERS=1} (set by
 * {@code .ci/run}), where it fails.
 */
public final class Peers {
    private Peers() {}

    public static boolean required() {
        return "1".equals(System.getenv("DOGDORM_REQUIRE_PEERS"));
    }

    /** The path of a program, or the test is skipped (failed when peers are required). */
    public static Path binary(String program, String debianPackage) {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin",
                "/usr/local/sbin"}) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = program + " not found: install the Debian package " + debianPackage
                + " (bin/install-test-deps does it as root)";
        if (required()) {
            Assertions.fail(why + " [DOGDORM_REQUIRE_PEERS=1]");
        }
        Assumptions.abort(why);
        throw new AssertionError(why);
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A fresh directory under the build directory for one server's config, logs and pid file. */
    public static Path workDir(String name) throws IOException {
        Path base = Path.of(System.getProperty("peers.dir", "target/peers")).toAbsolutePath();
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name + "-");
    }

    /**
     * The first of {@code count} consecutive ports, below the ephemeral range, free for both TCP and UDP on
     * every given address.
     */
    public static int freePorts(int count, String... addresses) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 32_000 - count);
            if (allFree(first, count, addresses)) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }

    private static boolean allFree(int first, int count, String... addresses) {
        List<AutoCloseable> held = new ArrayList<>();
        try {
            for (String a : addresses) {
                InetAddress ip = InetAddress.getByName(a);
                for (int p = first; p < first + count; p++) {
                    ServerSocket s = new ServerSocket();
                    held.add(s);
                    s.bind(new InetSocketAddress(ip, p));
                    DatagramSocket d = new DatagramSocket(null);
                    held.add(d);
                    d.bind(new InetSocketAddress(ip, p));
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a probe socket
                }
            }
        }
    }
}
