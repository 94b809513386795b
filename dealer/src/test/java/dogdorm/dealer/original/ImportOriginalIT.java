package dogdorm.dealer.original;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.cli.Commands;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.ImportOriginal;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.core.Stored;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.table.State;
import dogdorm.dealer.testkit.Http;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dogdorm import-original} on a small database in the original Dogdorm's format (its tables and codes, built
 * here), into a real SQLite data folder, then read by a real dealer.
 */
class ImportOriginalIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    /** The original's four tables, with the columns its code reads and writes. */
    private static final String[] SCHEMA = {
        "CREATE TABLE status (id INTEGER PRIMARY KEY, table_type INTEGER, row_id INTEGER, status INTEGER NOT NULL, "
            + "last_status INTEGER NOT NULL, test_no INTEGER NOT NULL, failed_tests INTEGER NOT NULL, "
            + "last_success INTEGER NOT NULL, uptime INTEGER NOT NULL, max_uptime INTEGER NOT NULL, "
            + "last_uptime INTEGER NOT NULL)",
        "CREATE TABLE aliases (id INTEGER PRIMARY KEY, fqn TEXT NOT NULL, af INTEGER NOT NULL, ip TEXT, "
            + "group_id INTEGER, table_type INTEGER DEFAULT 15, UNIQUE(fqn, af))",
        "CREATE TABLE services (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, af INTEGER NOT NULL, "
            + "proto INTEGER NOT NULL, ip TEXT NOT NULL, port INTEGER NOT NULL, group_id INTEGER NOT NULL, user TEXT, "
            + "password TEXT, alias_id INTEGER, table_type INTEGER DEFAULT 14, UNIQUE(type, af, proto, ip, port))",
        "CREATE TABLE imports (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, af INTEGER NOT NULL, ip TEXT, "
            + "port INTEGER NOT NULL, user TEXT, password TEXT, alias_id INTEGER, group_id INTEGER, "
            + "table_type INTEGER DEFAULT 16, proto INTEGER, UNIQUE(type, af, ip, port))",
        "PRAGMA journal_mode=WAL", // the original's file is in WAL mode; the import must still leave it as it is
    };

    private static final long T = 1_763_698_000L;

    private Path original() throws Exception {
        Path db = dir.resolve("monitor.sqlite3");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String sql : SCHEMA) st.execute(sql);
            st.execute("INSERT INTO aliases VALUES (1, 'stun.example.org', 2, '8.8.8.8', NULL, 15),"
                    + " (2, 'mqtt.eclipseprojects.io\u200b', 2, '9.9.9.9', NULL, 15),"
                    + " (3, 'time.example.org', 10, '2001:4860::1', NULL, 15),"
                    + " (4, 'unused.example.org', 2, '1.2.3.4', NULL, 15),"
                    + " (5, 'qiuqiuqiu', 2, NULL, NULL, 15)"); // a user name the original took for a host name
            // type 3 map (proto 2 UDP, 1 TCP), 4 change (a group of four, one of three), 5 MQTT, 6 TURN, 7 NTP
            st.execute("INSERT INTO services VALUES"
                    + " (1, 3, 2, 2, '8.8.8.8', 3478, 101, NULL, NULL, 1, 14),"
                    + " (2, 3, 2, 1, '8.8.8.8', 3478, 102, NULL, NULL, 1, 14),"
                    + " (3, 4, 2, 2, '8.8.8.8', 3478, 103, NULL, NULL, NULL, 14),"
                    + " (4, 4, 2, 2, '8.8.8.8', 3479, 103, NULL, NULL, NULL, 14),"
                    + " (5, 4, 2, 2, '8.8.4.4', 3478, 103, NULL, NULL, NULL, 14),"
                    + " (6, 4, 2, 2, '8.8.4.4', 3479, 103, NULL, NULL, NULL, 14),"
                    + " (7, 5, 2, 2, '1.1.1.1', 1883, 107, NULL, NULL, NULL, 14),"
                    + " (8, 6, 2, 2, '1.0.0.1', 3478, 108, 'alice', 's3cret', NULL, 14),"
                    + " (9, 7, 10, 2, '2001:4860::1', 123, 109, NULL, NULL, 3, 14),"
                    + " (10, 7, 10, 2, '2001:4860:0000:0000:0000:0000:0000:0001', 123, 110, NULL, NULL, NULL, 14),"
                    + " (11, 5, 2, 2, '127.0.0.1', 1883, 111, NULL, NULL, NULL, 14),"
                    + " (12, 4, 2, 2, '9.9.9.9', 3478, 112, NULL, NULL, NULL, 14),"
                    + " (13, 4, 2, 2, '9.9.9.9', 3479, 112, NULL, NULL, NULL, 14),"
                    + " (14, 4, 2, 2, '9.9.9.10', 3478, 112, NULL, NULL, NULL, 14)");
            st.execute("INSERT INTO imports VALUES"
                    + " (1, 3, 2, '8.8.8.8', 3478, NULL, NULL, 1, 201, 16, NULL)," // available: validated
                    + " (2, 6, 2, '5.5.5.5', 3478, 'bob', 'pw', NULL, 202, 16, NULL)," // disabled
                    + " (3, 7, 10, NULL, 123, NULL, NULL, 3, 203, 16, NULL)," // never tried, a name to resolve
                    + " (4, 5, 2, NULL, 1883, NULL, NULL, 2, 204, 16, NULL)," // a name with U+200B
                    + " (5, 3, 2, '192.168.1.1', 3478, NULL, NULL, NULL, 205, 16, NULL),"
                    // a list line ip,port,user,password the original read as ip,port,host,user
                    + " (6, 6, 2, '120.26.166.13', 3478, 'hongqiuyang', NULL, 5, 206, 16, NULL),"
                    // disabled by the original after its first success, with no service left at its address
                    + " (7, 7, 2, '9.9.9.7', 123, NULL, NULL, NULL, 207, 16, NULL)");
            // service 1 has two statuses: the newer counts
            st.execute("INSERT INTO status VALUES"
                    + " (1, 14, 1, 9, " + (T - 9000) + ", 10, 5, " + (T - 9000) + ", 0, 100, 0),"
                    + " (50, 14, 1, 9, " + T + ", 550, 82, " + T + ", 1571893, 1627037, " + T + "),"
                    + " (51, 14, 2, 9, " + T + ", 550, 35, " + (T - 3600) + ", 0, 1340076, " + (T - 3600) + "),"
                    + " (52, 14, 3, 9, " + T + ", 40, 0, " + T + ", 3600, 3600, " + T + "),"
                    + " (53, 14, 8, 9, " + T + ", 12, 1, " + T + ", 60, 600, " + T + "),"
                    + " (60, 16, 1, 9, " + T + ", 1, 0, " + T + ", 0, 0, " + T + "),"
                    + " (61, 16, 2, 13, " + T + ", 3, 3, 0, 0, 0, 0),"
                    + " (62, 16, 3, 12, " + T + ", 0, 0, 0, 0, 0, 0),"
                    + " (63, 16, 7, 13, " + T + ", 1, 0, " + T + ", 0, 0, " + T + "),"
                    + " (70, 15, 1, 9, " + T + ", 100, 0, " + T + ", 0, 0, " + T + ")");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Files.deleteIfExists(dir.resolve("monitor.sqlite3-wal"));
        Files.deleteIfExists(dir.resolve("monitor.sqlite3-shm"));
        return db;
    }

    private record Run(int code, String out, String err) {}

    private Run importOriginal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Commands.execute("dogdorm import-original", new ImportOriginal(), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static byte[] sha256(Path p) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
    }

    @Test
    void the_original_database_comes_over_with_its_counters_and_is_left_as_it_was() throws Exception {
        Path db = original();
        byte[] before = sha256(db);
        Path data = dir.resolve("data");

        Run run = importOriginal(db.toString(), "--data", data.toString(), "--verbose");
        assertEquals(0, run.code(), run.err());
        assertArrayEquals(before, sha256(db), "the original file is only read");
        assertFalse(Files.exists(dir.resolve("monitor.sqlite3-wal"))
                        || Files.exists(dir.resolve("monitor.sqlite3-shm")),
                "nothing written beside it");
        String out = run.out();
        assertTrue(out.contains("read: 14 services, 7 import rows, 5 host names"), out);
        assertTrue(out.contains("brought over: 9 targets (1 RFC 3489 groups of four) with 1,152 checks counted, "
                + "5 candidates, 2 host names in use (2 aliases with their last address)"), out);
        assertTrue(out.contains("skipped service 10: ntp/v6/udp [2001:4860::1]:123 is already monitored as "
                + "original:monitor.sqlite3:service.9"), "the same address written in full: " + out);
        assertTrue(out.contains("skipped service 11: ip 127.0.0.1 is a loopback address, refused by the "
                + "public-server policy"), out);
        assertTrue(out.contains("skipped RFC 3489 group 112: has 3 members, not 4"), out);
        assertTrue(out.contains("skipped import 4: host 'mqtt.eclipseprojects.io\\u200b' is not a valid host name"),
                out);
        assertTrue(out.contains("skipped import 5: ip 192.168.1.1 is a private address"), out);
        assertTrue(out.contains("skipped: 5 rows"), out);

        Stored stored;
        try (SqliteStore store = new SqliteStore(data)) {
            stored = store.load().core();
        }
        Map<String, TargetRow> bySource = stored.targets().stream()
                .collect(Collectors.toMap(t -> t.spec().source().label(), t -> t));
        TargetRow udp = bySource.get("service.1");
        assertEquals(Kind.STUN, udp.spec().kind());
        assertEquals("stun.example.org", udp.spec().host(), "named after its alias");
        assertEquals("8.8.8.8", udp.spec().ip());
        assertEquals(550, udp.stats().checks, "the newer of its two statuses");
        assertEquals(82, udp.stats().failures);
        assertEquals(1571893, udp.stats().uptimeS);
        assertEquals(1627037, udp.stats().maxUptimeS);
        assertEquals(Instant.ofEpochSecond(T), udp.stats().lastSuccess);
        assertEquals(State.UP, udp.stats().state);
        TargetRow tcp = bySource.get("service.2");
        assertEquals(dogdorm.common.Transport.TCP, tcp.spec().transport());
        assertEquals(State.DOWN, tcp.stats().state, "its last check failed");
        List<TargetRow> group = stored.targets().stream().filter(t -> "original:103".equals(t.spec().group()))
                .toList();
        assertEquals(4, group.size());
        TargetRow turn = bySource.get("service.8");
        assertEquals("alice", turn.spec().user());
        assertEquals("s3cret", turn.spec().password());
        assertEquals("time.example.org", bySource.get("service.9").spec().host());

        Map<String, Candidate> candidates = new HashMap<>();
        for (Candidate c : stored.candidates()) candidates.put(c.spec().source().label(), c);
        assertEquals(Candidate.State.VALIDATED, candidates.get("import.1").state());
        assertEquals(List.of(udp.id(), tcp.id(), group.stream().filter(t -> t.spec().port() == 3478
                && t.spec().ip().equals("8.8.8.8")).findFirst().orElseThrow().id()).stream().sorted().toList(),
                candidates.get("import.1").services().stream().sorted().toList(),
                "the services its classification made, the RFC 3489 member too");
        assertEquals(Candidate.State.DISABLED, candidates.get("import.2").state());
        assertEquals(Candidate.State.PENDING, candidates.get("import.3").state());
        assertEquals("time.example.org", candidates.get("import.3").spec().host());
        Candidate shifted = candidates.get("import.6");
        assertEquals(null, shifted.spec().host(), "a one-word name beside an address is no host name");
        assertEquals("qiuqiuqiu", shifted.spec().user());
        assertEquals("hongqiuyang", shifted.spec().password());
        assertEquals(Candidate.State.PENDING, candidates.get("import.7").state(),
                "disabled by the original after a success: tried again, not given up");
        Map<String, Alias> aliases = new HashMap<>();
        for (Alias a : stored.aliases()) aliases.put(a.host(), a);
        assertEquals("8.8.8.8", aliases.get("stun.example.org").current());
        assertFalse(aliases.containsKey("unused.example.org"), "a name no row uses is not tracked");

        // a second run finds everything there already
        Run again = importOriginal(db.toString(), "--data", data.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("brought over: 0 targets"), again.out());

        // a dealer on the folder shows the counters
        try (DealerServer server = DealerServer.start(DealerConfig.builder(data, Files.createDirectories(
                dir.resolve("lists"))).port(0).interval(Duration.ofHours(4)).spread(Duration.ofHours(1)).build())) {
            Http http = new Http(server.url());
            JsonNode targets = json.readTree(http.get("/api/targets").body());
            assertEquals(9, targets.get("count").asInt(), targets.toString());
            JsonNode original = json.readTree(http.get("/servers?format=original").body());
            JsonNode first = original.get("STUN(see_ip)").get("IPv4").get("UDP").get(0).get(0);
            assertEquals(550, first.get("test_no").asInt(), first.toString());
            assertEquals(T, first.get("last_success").asLong());
            assertEquals(4, original.get("STUN(test_nat)").get("IPv4").get("UDP").get(0).size());
        }
    }

    @Test
    void a_file_that_is_not_the_originals_or_a_folder_in_use_is_refused_with_the_reason() throws Exception {
        Path other = dir.resolve("other.sqlite3");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id INTEGER)");
        }
        Run run = importOriginal(other.toString(), "--data", dir.resolve("data").toString());
        assertEquals(1, run.code());
        assertEquals("dogdorm import-original: " + other + " is not the original Dogdorm's database: it has no "
                + "table services (its tables: notes)", run.err().strip());

        Path db = original();
        try (SqliteStore running = new SqliteStore(dir.resolve("busy"))) {
            Run busy = importOriginal(db.toString(), "--data", dir.resolve("busy").toString());
            assertEquals(1, busy.code());
            assertTrue(busy.err().contains("is in use by another dealer"), busy.err());
        }
        Run missing = importOriginal(dir.resolve("nope.sqlite3").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.sqlite3: no such file"), missing.err());
    }
}
