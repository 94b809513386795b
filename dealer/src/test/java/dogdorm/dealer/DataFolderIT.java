package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Http;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder with real dealer processes: a second dealer is refused and a killed one leaves no lock; a database
 * that is not Dogdorm's, is damaged, or should be there but is not, stops the start and is left byte for byte.
 */
class DataFolderIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    /** Five targets in TEST-NET-1: nothing answers there, whatever else runs on this host. */
    private String[] options() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append("192.0.2.1,").append(20_000 + i).append('\n');
        }
        Files.writeString(lists.resolve("tcp_v4.csv"), b);
        return new String[] {"--data", dir.resolve("data").toString(), "--lists", lists.toString(), "--flush", "1h",
                "--allow-private"};
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path db() {
        return data().resolve("dogdorm.db");
    }

    /** A real database, made by a dealer that ran and stopped, with its marker beside it. */
    private void madeByADealer() throws Exception {
        String[] options = options();
        DealerConfig cfg = DealerConfig.builder(data(), Path.of(options[3])).port(0).allowPrivate(true).build();
        try (DealerServer dealer = DealerServer.start(cfg)) {
            assertEquals(5, targets(new Http(dealer.url())));
        }
        assertTrue(Files.size(db()) > 0);
        assertTrue(Files.exists(data().resolve("dogdorm.db.created")));
    }

    @Test
    void the_data_folder_is_made_private_and_a_start_says_which_files_others_can_read() throws Exception {
        DealerProcess first = DealerProcess.start(options()); // a dealer process: its own umask (022 here)
        try {
            assertEquals(5, targets(new Http(first.url())));
            assertEquals(0, first.stop(), first.output());
        } finally {
            first.process().destroyForcibly();
        }
        assertEquals("rwx------", perms(data()), "the folder the dealer made");
        List<String> names;
        try (Stream<Path> s = Files.list(data())) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(names.containsAll(List.of("dogdorm.db", "dogdorm.db.created", "dogdorm.lock", "lease.key")),
                names.toString());
        for (String name : names) {
            assertEquals("rw-------", perms(data().resolve(name)), name);
        }
        assertFalse(first.output().contains("other users can use"), first.output());

        Files.setPosixFilePermissions(db(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        DealerProcess second = DealerProcess.start(options());
        try {
            assertTrue(second.output().contains("the data folder holds TURN and MQTT passwords and heartbeat tokens, "
                    + "and other users can use " + data() + " (rwxr-xr-x), " + db() + " (rw-r--r--): make them "
                    + "private"), second.output());
            assertEquals("rw-r--r--", perms(db()), "an existing file is the owner's to change: only said");
        } finally {
            second.stop();
            second.process().destroyForcibly();
        }
    }

    private static String perms(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** The data folder's files and their bytes, but for the lock file (a refused dealer takes and frees it). */
    private Map<String, byte[]> files() throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(data())) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("dogdorm.lock")) {
                    out.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    /** Starts a dealer expecting it to refuse the folder: it exits 1, prints no URL and changes no file there. */
    private String refusedStart() throws Exception {
        Map<String, byte[]> before = files();
        DealerProcess.Exited run = DealerProcess.run(options());
        assertEquals(1, run.code(), run.output());
        assertFalse(run.output().contains("Dogdorm dealer: http"), "no URL:\n" + run.output());
        Map<String, byte[]> after = files();
        assertEquals(before.keySet(), after.keySet(), "no file made or removed:\n" + run.output());
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " is byte for byte as it was");
        }
        return run.output();
    }

    private static void cut(Path file, long size) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private int targets(Http http) throws Exception {
        return json.readTree(http.get("/api/targets").body()).get("targets").size();
    }

    @Test
    void a_second_dealer_on_the_same_folder_exits_naming_the_folder_and_the_first_dealers_pid() throws Exception {
        String[] options = options();
        try (DealerProcess first = DealerProcess.start(options)) {
            Http http = new Http(first.url());
            assertEquals(5, targets(http));
            DealerProcess.Exited second = DealerProcess.run(options);
            assertEquals(1, second.code(), second.output());
            assertTrue(second.output().contains("dogdorm dealer: data folder " + dir.resolve("data")
                    + " is in use by another dealer (pid " + first.process().pid()
                    + "): only one dealer may use a data folder"), second.output());
            assertFalse(second.output().contains("Dogdorm dealer: http"), "no URL:\n" + second.output());
            assertEquals(200, http.get("/healthz").status(), "the first dealer still answers");
            assertEquals(5, targets(http), "and still has all its targets");
            assertTrue(first.process().isAlive());
        }
    }

    @Test
    void a_dealer_killed_with_sigkill_can_be_started_again_at_once() throws Exception {
        String[] options = options();
        DealerProcess first = DealerProcess.start(options);
        assertEquals(137, first.kill());
        assertTrue(Files.readString(dir.resolve("data/dogdorm.lock")).startsWith(first.process().pid() + "\n"),
                "the lock file still names the killed dealer: only the kernel's lock counts");
        try (DealerProcess again = DealerProcess.start(options)) {
            Http http = new Http(again.url());
            assertEquals(200, http.get("/healthz").status());
            assertEquals(5, targets(http));
        }
    }

    @Test
    void the_original_python_dogdorms_database_stops_the_start_unchanged() throws Exception {
        Files.createDirectories(data());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            for (String table : List.of("services", "imports", "aliases", "status", "work")) {
                st.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, af INTEGER, ip TEXT, port INTEGER)");
            }
            st.execute("INSERT INTO services (af, ip, port) VALUES (2, '192.0.2.7', 3478)");
        }
        String out = refusedStart();
        assertTrue(out.contains("dogdorm dealer: " + db() + " is not a Dogdorm database: it has tables services, "
                + "imports, aliases, status, work (the original Python Dogdorm's monitor.sqlite3?); nothing was "
                + "changed"), out);
        assertFalse(Files.exists(data().resolve("dogdorm.db.created")), "no marker for a database not ours");
    }

    @Test
    void a_dogdorm_database_cut_to_half_its_size_stops_the_start_unchanged() throws Exception {
        madeByADealer();
        cut(db(), Files.size(db()) / 2);
        String out = refusedStart();
        assertTrue(out.contains("dogdorm dealer: " + db() + " is damaged: its header counts "), out);
        assertTrue(out.contains(": restore it from a backup; nothing was changed"), out);
    }

    @Test
    void an_empty_database_in_a_folder_that_held_one_stops_the_start() throws Exception {
        madeByADealer();
        cut(db(), 0);
        String out = refusedStart();
        assertTrue(out.contains("dogdorm dealer: " + db() + " is empty (0 bytes) but this folder held a Dogdorm "
                + "database (created "), out);
        assertTrue(out.contains("): restore it from a backup, or remove " + data().resolve("dogdorm.db.created")
                + " to start empty; nothing was changed"), out);
    }

    @Test
    void a_missing_database_in_a_folder_that_held_one_stops_the_start_and_is_not_made_anew() throws Exception {
        madeByADealer();
        Files.delete(db());
        String out = refusedStart();
        assertTrue(out.contains("dogdorm dealer: " + db() + " is missing but this folder held a Dogdorm database"),
                out);
        assertFalse(Files.exists(db()));
    }

    @Test
    void an_empty_database_with_the_wal_of_a_killed_dealer_beside_it_stops_the_start() throws Exception {
        DealerProcess killed = DealerProcess.start(options());
        assertEquals(137, killed.kill());
        Path wal = data().resolve("dogdorm.db-wal");
        assertTrue(Files.size(wal) > 0, "the killed dealer's writes are in its -wal");
        cut(db(), 0);
        Files.delete(data().resolve("dogdorm.db.created")); // the -wal alone must be enough to stop it
        String out = refusedStart();
        assertTrue(out.contains("dogdorm dealer: " + db() + " is empty (0 bytes) but " + wal + " is beside it and "
                + "may hold the data"), out);
    }

    /** Starts a dealer with more options that must stop it: it exits with {@code code} and changes nothing. */
    private String failedStartChangesNothing(int code, String... more) throws Exception {
        Map<String, byte[]> before = Files.exists(data()) ? files() : null;
        List<String> all = new java.util.ArrayList<>(List.of(options()));
        all.addAll(List.of(more));
        DealerProcess.Exited run = DealerProcess.run(all.toArray(String[]::new));
        assertEquals(code, run.code(), run.output());
        assertFalse(run.output().contains("Dogdorm dealer: http"), "no URL:\n" + run.output());
        if (before == null) {
            assertFalse(Files.exists(data()), "no data folder made:\n" + run.output());
        } else {
            Map<String, byte[]> after = files();
            assertEquals(before.keySet(), after.keySet(), "no file made or removed:\n" + run.output());
            for (String name : before.keySet()) {
                assertArrayEquals(before.get(name), after.get(name), name + " is byte for byte as it was");
            }
        }
        return run.output();
    }

    @Test
    void a_start_that_fails_on_a_busy_port_a_bad_keepalive_file_or_a_bad_option_touches_no_data() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(busy.getLocalPort());
            assertTrue(failedStartChangesNothing(1, "--port", port).contains("cannot listen on 127.0.0.1:" + port
                    + ": the address is in use"));
            Path bad = Files.writeString(dir.resolve("bad.conf"), "{\"sites\": 7}");
            assertTrue(failedStartChangesNothing(1, "--keepalive", bad.toString()).contains(bad.toString()));
            failedStartChangesNothing(2, "--interval", "0s");
            madeByADealer(); // and the same with a database in the folder
            failedStartChangesNothing(1, "--port", port);
            failedStartChangesNothing(1, "--keepalive", bad.toString());
            failedStartChangesNothing(2, "--fail-threshold", "0");
        }
    }
}
