package dogdorm.worker.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for a test or a benchmark (the dealer's store; kept with the probe peers as one more real
 * server the tests start; the JDBC driver comes from whoever uses it): Debian's {@code postgresql} package (bin/install-test-deps installs it),
 * initialised in a temporary folder and started on a free loopback port as the unprivileged user {@code nobody}
 * (PostgreSQL refuses to run as root; no system service is touched). Trust authentication on loopback; the
 * database {@code dogdorm} exists. Closing stops it at once and deletes the folder. Where PostgreSQL is not
 * installed, or the test does not run as root (it must hand the folder to {@code nobody}), the test is skipped, or
 * fails under {@code DOGDORM_REQUIRE_PEERS=1} as in CI.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String USER = "nobody";

    private final Path dir;
    private final Path bin;
    private final int port;

    private PostgresServer(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("dogdorm-pg");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of("chown", USER, dir.toString()), dir);
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        asNobody(dir, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync");
        asNobody(dir, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log")
                .toString(), "-w", "-t", "30", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 "
                + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
        PostgresServer server = new PostgresServer(dir, bin, port);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", null)) {
            c.createStatement().execute("CREATE DATABASE dogdorm");
        } catch (SQLException e) {
            server.close();
            throw new IOException("PostgreSQL started but cannot be used: " + e.getMessage(), e);
        }
        return server;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/dogdorm}; the user is {@code postgres}, no password. */
    public String jdbcUrl() {
        return jdbcUrl("dogdorm");
    }

    private String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", null);
    }

    /**
     * The JDBC URL of a database of its own for {@code key} (a test's folder, say), made on first use: tests that
     * share one server each start from an empty database, and a test that reopens its store finds its data.
     */
    public String database(String key) throws SQLException {
        String name = "t" + Integer.toHexString(key.hashCode());
        try (Connection c = connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + name);
            }
        }
        return jdbcUrl(name);
    }

    /** As {@link #database}, written as the dealer's {@code --store} takes it: {@code postgresql://postgres@...}. */
    public String storeUrl(String key) throws SQLException {
        String jdbc = database(key);
        return "postgresql://postgres@127.0.0.1:" + port + "/" + jdbc.substring(jdbc.lastIndexOf('/') + 1);
    }

    public int port() {
        return port;
    }

    /** The server's log, for a failing test's message. */
    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            asNobody(dir, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop");
        } catch (IOException | InterruptedException e) {
            // stopping is best effort; the folder goes anyway
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder
        }
    }

    /** The folder of initdb and pg_ctl (the newest installed major version), or the test is skipped. */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .forEach(found::add);
            }
        }
        boolean root0 = "root".equals(System.getProperty("user.name"));
        String why = found.isEmpty() ? "PostgreSQL is not installed: install the Debian package postgresql "
                + "(bin/install-test-deps does it as root)" : !root0 ? "starting PostgreSQL as " + USER + " needs root"
                : null;
        if (why != null) {
            if ("1".equals(System.getenv("DOGDORM_REQUIRE_PEERS"))) {
                Assertions.fail(why + " [DOGDORM_REQUIRE_PEERS=1]");
            }
            Assumptions.abort(why);
        }
        found.sort(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString()
                .replaceAll("\\D", "0"))));
        return found.get(found.size() - 1);
    }

    private static void asNobody(Path dir, String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=nogroup", "--clear-groups"));
        c.addAll(List.of(command));
        run(c, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
