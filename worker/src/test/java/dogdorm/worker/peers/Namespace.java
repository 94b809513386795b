package dogdorm.worker.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a class's {@code main} in a network namespace made for it ({@code unshare -n}: only its own loopback,
 * nothing leaves it), after shell setup lines (firewall rules, sysctls), and reads back the {@code key=value}
 * lines it prints. Skips the test where the machine cannot (no root, no unshare/ip/iptables) unless
 * {@code DOGDORM_REQUIRE_PEERS} is set, as in CI.
 */
public final class Namespace {
    private Namespace() {}

    /** The {@code key=value} lines of {@code main}'s output whose key starts with one of {@code prefixes}. */
    public static Map<String, String> run(List<String> setup, Class<?> main, String... prefixes)
            throws IOException, InterruptedException {
        return run(setup, main, List.of(), prefixes);
    }

    /** As above, with arguments for {@code main} (each quoted for the shell). */
    public static Map<String, String> run(List<String> setup, Class<?> main, List<String> args, String... prefixes)
            throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean tools = List.of("/usr/bin/unshare", "/usr/sbin/ip", "/usr/sbin/iptables").stream()
                .allMatch(p -> Files.isExecutable(Path.of(p)));
        if (System.getenv("DOGDORM_REQUIRE_PEERS") == null) {
            Assumptions.assumeTrue(root && tools, "needs root, unshare, ip and iptables (bin/install-test-deps)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "set -e; ip link set lo up; " + String.join("; ", setup) + "; exec '" + java
                + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path") + "' "
                + main.getName();
        for (String a : args) {
            command += " '" + a.replace("'", "'\\''") + "'";
        }
        Process p = new ProcessBuilder("/usr/bin/unshare", "-n", "sh", "-c", command).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("in the namespace, " + main.getSimpleName() + " failed:\n" + out);
        }
        Map<String, String> found = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            for (String prefix : prefixes) {
                if (eq > 0 && line.startsWith(prefix)) {
                    found.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        found.put("output", out);
        return found;
    }
}
