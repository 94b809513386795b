package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dogdorm up} when the dealer does not start: it ends with the dealer's own words (not the usage text an
 * option error brings), and suggests another port only when the port was taken. The launcher runs against a home
 * folder holding the dealer jar this build made (so it builds nothing).
 */
class LauncherIT {
    @TempDir
    Path dir;
    private Path home;
    private Path work;

    @BeforeEach
    void home() throws Exception {
        Path jar = Path.of(System.getProperty("user.dir"), "target", "dogdorm-dealer-all.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is made by mvn package, before the integration tests");
        home = dir.resolve("home");
        Files.createDirectories(home.resolve("dealer/target"));
        Files.createSymbolicLink(home.resolve("dealer/target/dogdorm-dealer-all.jar"), jar);
        // the worker never runs here (every start below fails at the dealer); the launcher only wants a jar there
        Files.createDirectories(home.resolve("worker/target"));
        Files.writeString(home.resolve("worker/target/dogdorm-worker-all.jar"), "");
        work = Files.createDirectories(dir.resolve("work"));
    }

    private record Run(int code, List<String> lines, String output) {
        /** The last {@code n} lines, joined. */
        String last(int n) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private Run up(String... args) throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/dogdorm");
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString(), "up"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("up.log").toFile());
        pb.environment().put("DOGDORM_HOME", home.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("DOGDORM_JAVA_OPTS");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "bin/dogdorm up did not end");
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("up.log"));
        return new Run(p.exitValue(), output.strip().lines().toList(), output);
    }

    @Test
    void an_unknown_option_ends_with_the_dealers_own_words_and_no_port_advice() throws Exception {
        Run run = up("--bogus");
        assertEquals(1, run.code(), run.output());
        assertTrue(run.output().contains("Usage: dogdorm dealer"), "the dealer's usage is shown as it came");
        assertEquals("""
                dogdorm up: the dealer stopped (exit status 2) before serving; its last words:
                    Unknown option: '--bogus'
                dogdorm up: bin/dogdorm dealer --help lists the dealer's options""", run.last(3));
        assertFalse(run.output().contains("is taken") || run.output().contains("up --port"),
                "no port was in question:\n" + run.output());
        assertFalse(Files.exists(work.resolve("data")), "nothing was made");
    }

    @Test
    void a_taken_port_is_named_with_another_to_try() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Run run = up("--port", Integer.toString(port));
            assertEquals(1, run.code(), run.output());
            assertEquals("dogdorm up: the dealer stopped (exit status 1) before serving; its last words:\n"
                    + "    dogdorm dealer: cannot listen on 127.0.0.1:" + port + ": the address is in use (another "
                    + "program, or another dealer, listens there: pick another --port)\n"
                    + "dogdorm up: port " + port + " is taken: try bin/dogdorm up --port " + (port + 1)
                    + ", or --port 0 for any free one", run.last(3));
        }
    }

    @Test
    void a_bind_address_of_another_machine_is_not_called_a_taken_port() throws Exception {
        Path password = Files.writeString(dir.resolve("admin-password"), "not-used-here\n");
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: binding to it fails before any packet is sent
        Run run = up("--bind", "192.0.2.1", "--admin-password-file", password.toString());
        assertEquals(1, run.code(), run.output());
        assertEquals("dogdorm up: the dealer stopped (exit status 1) before serving; its last words:\n"
                + "    dogdorm dealer: cannot listen on 192.0.2.1:8000: Cannot assign requested address (is --bind "
                + "192.0.2.1 an address of this machine?)", run.last(2));
        assertFalse(run.output().contains("is taken"), run.output());
    }
}
