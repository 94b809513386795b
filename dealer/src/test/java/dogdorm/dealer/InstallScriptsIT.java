package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemctl/install.sh} and {@code uninstall.sh} run for real in a throwaway root ({@code --root DIR}): the
 * files they make and remove, their modes, the secrets made once and never printed, and what they say. Under a root
 * that is not / they leave the user, file owners and systemctl alone (and say so), so the owners and the group
 * of the secrets are not checked here.
 */
class InstallScriptsIT {
    private static final Path SOURCE = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;
    private Path root;
    private Path jars;

    @BeforeEach
    void folders() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        // the scripts copy the jars and look no further: stand-ins keep this test apart from the build
        jars = Files.createDirectories(dir.resolve("jars"));
        Files.writeString(jars.resolve("dogdorm-dealer-all.jar"), "the dealer jar");
        Files.writeString(jars.resolve("dogdorm-worker-all.jar"), "the worker jar");
    }

    private record Run(int code, String output) {}

    private Run run(Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("DESTDIR");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " did not end");
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")));
    }

    private Run install(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--root", root.toString(), "--jars", jars.toString()));
        args.addAll(List.of(more));
        return run(SOURCE.resolve("systemctl/install.sh"), args.toArray(String[]::new));
    }

    private Path at(String path) {
        return root.resolve(path);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void help_is_a_usage_text_not_the_scripts_first_lines() throws Exception {
        Run install = run(SOURCE.resolve("systemctl/install.sh"), "--help");
        assertEquals(0, install.code(), install.output());
        assertTrue(install.output().startsWith("Usage: sudo systemctl/install.sh [--workers N] [--no-start] "
                + "[--jars DIR] [--root DIR]\n"), install.output());
        for (String option : List.of("--workers N", "--no-start", "--jars DIR", "--root DIR", "/etc/dogdorm/admin-password",
                "/etc/dogdorm/worker-token", "mode 640")) {
            assertTrue(install.output().contains(option), option + " is explained:\n" + install.output());
        }
        assertFalse(install.output().contains("#") || install.output().contains("set -e"), install.output());

        Run uninstall = run(SOURCE.resolve("systemctl/uninstall.sh"), "--help");
        assertEquals(0, uninstall.code(), uninstall.output());
        assertTrue(uninstall.output().startsWith("Usage: sudo /opt/dogdorm/uninstall.sh [--purge] [--root DIR]\n"),
                uninstall.output());
        assertTrue(uninstall.output().contains("--purge       remove those too"), uninstall.output());

        Run wrong = run(SOURCE.resolve("systemctl/install.sh"), "--wokers", "2");
        assertEquals(2, wrong.code(), wrong.output());
        assertEquals("install.sh: unknown option '--wokers' (see --help)", wrong.output().strip());
    }

    @Test
    void install_into_a_throwaway_root_makes_the_files_and_secrets_and_prints_where_not_what() throws Exception {
        Run first = install();
        assertEquals(0, first.code(), first.output());
        assertTrue(first.output().startsWith("Installing under " + root.toRealPath() + ": not making the dogdorm "
                + "user, not changing file owners, not running systemctl.\n"), first.output());

        assertEquals("the dealer jar", Files.readString(at("opt/dogdorm/lib/dogdorm-dealer-all.jar")));
        assertEquals("the worker jar", Files.readString(at("opt/dogdorm/lib/dogdorm-worker-all.jar")));
        assertEquals("rw-r--r--", mode(at("opt/dogdorm/lib/dogdorm-dealer-all.jar")));
        assertEquals(Path.of(System.getProperty("java.home")).toRealPath(),
                at("opt/dogdorm/jdk").toRealPath(), "the JDK link");
        assertEquals("rwxr-xr-x", mode(at("opt/dogdorm/uninstall.sh")));
        for (String unit : List.of("dogdorm-dealer.service", "dogdorm-worker@.service")) {
            assertEquals(Files.readString(SOURCE.resolve("systemctl").resolve(unit)),
                    Files.readString(at("etc/systemd/system").resolve(unit)), unit);
            assertEquals("rw-r--r--", mode(at("etc/systemd/system").resolve(unit)));
        }
        try (Stream<Path> shipped = Files.list(SOURCE.resolve("server_lists"))) {
            for (Path list : shipped.toList()) {
                assertEquals(Files.readString(list), Files.readString(at("opt/dogdorm/server_lists")
                        .resolve(list.getFileName())), list.getFileName() + " copied");
            }
        }
        assertEquals("rwxr-x---", mode(at("var/lib/dogdorm")), "the data folder");

        String password = Files.readString(at("etc/dogdorm/admin-password"));
        String token = Files.readString(at("etc/dogdorm/worker-token"));
        assertTrue(password.matches("[A-Za-z0-9_-]{24}\n"), "24 random characters: " + password.length());
        assertTrue(token.matches("[A-Za-z0-9_-]{43}\n"), "43 random characters: " + token.length());
        assertEquals("rw-r-----", mode(at("etc/dogdorm/admin-password")));
        assertEquals("rw-r-----", mode(at("etc/dogdorm/worker-token")));
        assertTrue(first.output().contains("Secrets (mode 640; their group is left as it is under --root):\n"
                + "  admin password (user admin): " + root.toRealPath() + "/etc/dogdorm/admin-password (new)\n"
                + "  worker token: " + root.toRealPath() + "/etc/dogdorm/worker-token (new)\n"), first.output());
        assertFalse(first.output().contains(password.strip()) || first.output().contains(token.strip()),
                "a secret was printed");
        assertTrue(Files.readString(at("etc/dogdorm/dealer.env")).contains("DOGDORM_DEALER_OPTS=--admin-password-file "
                + "/etc/dogdorm/admin-password --worker-token-file /etc/dogdorm/worker-token\n"));
        assertTrue(Files.readString(at("etc/dogdorm/worker.env")).contains("--token-file /etc/dogdorm/worker-token"));
        assertFalse(first.output().contains("note:"), "fresh settings use both secrets:\n" + first.output());

        // an upgrade keeps the secrets, the settings and the operator's lists; the jars are replaced
        Files.writeString(at("opt/dogdorm/server_lists/tcp_v4.csv"), "192.0.2.7,443\n");
        Files.writeString(at("etc/dogdorm/worker.env"), "DOGDORM_WORKER_OPTS=--dealer http://dealer.example:8000\n");
        Files.writeString(jars.resolve("dogdorm-dealer-all.jar"), "the next dealer jar");
        Run again = install();
        assertEquals(0, again.code(), again.output());
        assertEquals(password, Files.readString(at("etc/dogdorm/admin-password")));
        assertEquals(token, Files.readString(at("etc/dogdorm/worker-token")));
        assertTrue(again.output().contains("/etc/dogdorm/admin-password (kept)"), again.output());
        assertTrue(again.output().contains("note: " + root.toRealPath() + "/etc/dogdorm/worker.env (kept from before) "
                + "does not name /etc/dogdorm/worker-token"), again.output());
        assertEquals("192.0.2.7,443\n", Files.readString(at("opt/dogdorm/server_lists/tcp_v4.csv")));
        assertEquals("the next dealer jar", Files.readString(at("opt/dogdorm/lib/dogdorm-dealer-all.jar")));
    }

    @Test
    void uninstall_removes_the_program_and_units_and_keeps_data_settings_and_lists_unless_purged() throws Exception {
        assertEquals(0, install().code());
        Files.writeString(at("var/lib/dogdorm/dogdorm.db"), "data");
        Path wants = Files.createDirectories(at("etc/systemd/system/multi-user.target.wants"));
        Files.createSymbolicLink(wants.resolve("dogdorm-worker@1.service"),
                Path.of("/etc/systemd/system/dogdorm-worker@.service"));

        Run removed = run(at("opt/dogdorm/uninstall.sh"), "--root", root.toString());
        assertEquals(0, removed.code(), removed.output());
        String r = root.toRealPath().toString();
        assertEquals("Removing from " + r + ": not stopping services, not running systemctl, not removing the "
                + "dogdorm user.\n"
                + "Removed: the units from " + r + "/etc/systemd/system, and " + r
                + "/opt/dogdorm/{lib,jdk,README.md,uninstall.sh}\n"
                + "Kept (data, settings and secrets, lists; --purge removes them): " + r + "/var/lib/dogdorm " + r
                + "/etc/dogdorm " + r + "/opt/dogdorm/server_lists\n", removed.output());
        for (String gone : List.of("etc/systemd/system/dogdorm-dealer.service", "etc/systemd/system/dogdorm-worker@.service",
                "etc/systemd/system/multi-user.target.wants", "opt/dogdorm/lib", "opt/dogdorm/jdk",
                "opt/dogdorm/uninstall.sh")) {
            assertFalse(Files.exists(at(gone), LinkOption.NOFOLLOW_LINKS), gone + " removed");
        }
        assertEquals("data", Files.readString(at("var/lib/dogdorm/dogdorm.db")));
        assertTrue(Files.isRegularFile(at("etc/dogdorm/admin-password")));
        assertTrue(Files.isRegularFile(at("opt/dogdorm/server_lists/tcp_v4.csv")));

        Run purged = run(SOURCE.resolve("systemctl/uninstall.sh"), "--root", root.toString(), "--purge");
        assertEquals(0, purged.code(), purged.output());
        assertTrue(purged.output().endsWith("Purged: " + r + "/var/lib/dogdorm " + r + "/etc/dogdorm " + r
                + "/opt/dogdorm/server_lists\n"), purged.output());
        for (String gone : List.of("var/lib/dogdorm", "etc/dogdorm", "opt/dogdorm")) {
            assertFalse(Files.exists(at(gone)), gone + " purged");
        }
    }
}
