package dogdorm.dealer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The look at dogdorm.db before it is opened: real files, each refused one compared byte for byte afterwards. */
class DatabaseCheckTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("dogdorm.db");
    }

    /** Every file in the folder and its bytes. */
    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** Inspects dogdorm.db expecting a refusal; checks the folder is as it was, and returns the message. */
    private String refused() throws Exception {
        Map<String, byte[]> before = files();
        StoreException e = assertThrows(StoreException.class, () -> DatabaseCheck.inspect(db()));
        Map<String, byte[]> after = files();
        assertEquals(before.keySet(), after.keySet(), "no file made or removed");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " is unchanged");
        }
        assertTrue(e.getMessage().endsWith("; nothing was changed"), e.getMessage());
        return e.getMessage();
    }

    private void sql(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** A real Dogdorm database with a few hundred pages in it, closed (no -wal left). */
    private void dogdorm() throws Exception {
        try (SqliteStore store = new SqliteStore(dir);
             Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("dogdorm.db"));
             Statement st = c.createStatement()) {
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                    + "INSERT INTO meta (key, value) SELECT 'k' || i, hex(randomblob(100)) FROM n");
        }
        assertFalse(Files.exists(dir.resolve("dogdorm.db-wal")), "a closed store leaves no -wal");
    }

    /** Some tables of the original Python Dogdorm's monitor.sqlite3, and a row. */
    private static final String[] PYTHON_DOGDORM = {
        "CREATE TABLE services (id INTEGER PRIMARY KEY, type INTEGER, af INTEGER, score INTEGER)",
        "CREATE TABLE imports (id INTEGER PRIMARY KEY, type INTEGER, af INTEGER, ip TEXT, port INTEGER)",
        "CREATE TABLE aliases (id INTEGER PRIMARY KEY, fqn TEXT NOT NULL, af INTEGER, ip TEXT)",
        "CREATE TABLE status (id INTEGER PRIMARY KEY, row_id INTEGER, status INTEGER, uptime INTEGER)",
        "CREATE TABLE work (id INTEGER PRIMARY KEY, table_type INTEGER, row_id INTEGER, status INTEGER)",
        "INSERT INTO aliases (fqn, af, ip) VALUES ('stun.example.net', 2, '192.0.2.7')"};

    @Test
    void no_file_is_a_new_database_and_none_is_made() throws Exception {
        assertEquals(DatabaseCheck.Found.NEW, DatabaseCheck.inspect(db()));
        assertFalse(Files.exists(db()));
    }

    @Test
    void an_empty_file_with_nothing_beside_it_is_a_new_database() throws Exception {
        Files.createFile(db());
        assertEquals(DatabaseCheck.Found.NEW, DatabaseCheck.inspect(db()));
    }

    @Test
    void an_empty_file_with_a_wal_beside_it_is_refused_as_the_wal_may_hold_the_data() throws Exception {
        Files.createFile(db());
        Files.write(dir.resolve("dogdorm.db-wal"), new byte[] {55, 127, 6, (byte) 130, 0, 45, (byte) 226, 24});
        assertEquals(db() + " is empty (0 bytes) but " + dir.resolve("dogdorm.db-wal") + " is beside it and may "
                + "hold the data: restore " + db() + " from a backup, or move both away to start empty; nothing was "
                + "changed", refused());
    }

    @Test
    void a_missing_database_in_a_folder_that_held_one_is_refused_and_not_made() throws Exception {
        Files.writeString(dir.resolve("dogdorm.db.created"), "created 2026-01-02T03:04:05Z\nwhat it is for\n");
        assertEquals(db() + " is missing but this folder held a Dogdorm database (created 2026-01-02T03:04:05Z): "
                + "restore it from a backup, or remove " + dir.resolve("dogdorm.db.created") + " to start empty; "
                + "nothing was changed", refused());
        assertFalse(Files.exists(db()));
    }

    @Test
    void an_empty_database_in_a_folder_that_held_one_is_refused() throws Exception {
        Files.writeString(dir.resolve("dogdorm.db.created"), "created 2026-01-02T03:04:05Z\n");
        Files.createFile(db());
        assertTrue(refused().startsWith(db() + " is empty (0 bytes) but this folder held a Dogdorm database "
                + "(created 2026-01-02T03:04:05Z): restore it from a backup, or remove "));
    }

    @Test
    void the_original_python_dogdorms_database_is_refused_naming_its_tables() throws Exception {
        sql(db(), PYTHON_DOGDORM);
        assertEquals(db() + " is not a Dogdorm database: it has tables services, imports, aliases, status, work "
                + "(the original Python Dogdorm's monitor.sqlite3?); nothing was changed", refused());
    }

    @Test
    void a_foreign_database_in_wal_mode_is_read_without_leaving_a_wal_or_shm() throws Exception {
        sql(db(), "PRAGMA journal_mode = WAL", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        assertFalse(Files.exists(dir.resolve("dogdorm.db-wal")));
        assertEquals(db() + " is not a Dogdorm database: it has tables notes; nothing was changed", refused());
    }

    @Test
    void a_foreign_database_with_its_wal_still_beside_it_is_refused_and_its_wal_kept() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("live"));
        Path live = elsewhere.resolve("x.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA wal_autocheckpoint = 0");
            for (String s : PYTHON_DOGDORM) {
                st.execute(s);
            }
            // what a crash leaves: the database and a -wal holding the tables, copied while still open
            Files.copy(live, db());
            Files.copy(elsewhere.resolve("x.db-wal"), dir.resolve("dogdorm.db-wal"));
        }
        deleteTree(elsewhere);
        assertTrue(refused().contains("it has tables services, imports, aliases, status, work"),
                "the tables were read through the -wal");
    }

    @Test
    void a_file_that_is_not_sqlite_is_refused_showing_its_first_bytes() throws Exception {
        Files.writeString(db(), "host,port\nstun.example.net,3478\n");
        assertEquals(db() + " is not an SQLite database (its first bytes are \"host,port\\nstun.e\" …); nothing was "
                + "changed", refused());
        Files.write(db(), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        assertEquals(db() + " is not an SQLite database (its first bytes are 7f 45 4c 46 02 01 01 00); nothing was "
                + "changed", refused());
    }

    @Test
    void a_dogdorm_database_is_accepted_and_left_as_it_was() throws Exception {
        dogdorm();
        Map<String, byte[]> before = files();
        assertEquals(DatabaseCheck.Found.DOGDORM, DatabaseCheck.inspect(db()));
        assertEquals(before.keySet(), files().keySet());
        assertArrayEquals(before.get("dogdorm.db"), Files.readAllBytes(db()));
    }

    @Test
    void a_dogdorm_database_cut_to_half_its_size_is_refused_as_damaged() throws Exception {
        dogdorm();
        long size = Files.size(db());
        try (FileChannel ch = FileChannel.open(db(), StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        String why = refused();
        assertTrue(why.startsWith(db() + " is damaged: its header counts "), why);
        assertTrue(why.contains("(" + size + " bytes) but the file has " + size / 2 + " (cut short?)"), why);
    }

    @Test
    void a_dogdorm_database_that_fails_quick_check_is_refused_with_what_it_reported() throws Exception {
        dogdorm();
        long size = Files.size(db());
        try (FileChannel ch = FileChannel.open(db(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0}), size - 4096); // the last page's b-tree type: none there is
        }
        String why = refused();
        assertTrue(why.startsWith(db() + " is damaged: PRAGMA quick_check reported Tree "), why);
        assertTrue(why.contains(": btreeInitPage() returns error code 11"), why);
        assertTrue(why.endsWith(": restore it from a backup; nothing was changed"), why);
    }

    @Test
    void a_database_of_another_application_is_refused_though_it_has_a_schema_version_table() throws Exception {
        sql(db(), "CREATE TABLE schema_version (version INTEGER NOT NULL)", "PRAGMA application_id = 42");
        assertEquals(db() + " is not a Dogdorm database: its application_id is 0x0000002a, not 0x446f6764; nothing "
                + "was changed", refused());
    }

    @Test
    void an_older_dogdorm_database_without_the_application_id_is_accepted() throws Exception {
        dogdorm();
        sql(db(), "PRAGMA application_id = 0");
        assertEquals(DatabaseCheck.Found.DOGDORM, DatabaseCheck.inspect(db()));
    }

    @Test
    void a_database_from_a_newer_dogdorm_is_refused_unchanged() throws Exception {
        dogdorm();
        sql(db(), "INSERT INTO schema_version (version) VALUES (999)");
        assertTrue(refused().contains(" was written by a newer Dogdorm: its schema version is 999 and this dealer "
                + "knows up to "));
    }

    @Test
    void an_sqlite_file_with_no_tables_is_new_unless_the_folder_held_a_database() throws Exception {
        sql(db(), "VACUUM");
        assertEquals(DatabaseCheck.Found.NEW, DatabaseCheck.inspect(db()));
        Files.writeString(dir.resolve("dogdorm.db.created"), "created 2026-01-02T03:04:05Z\n");
        assertTrue(refused().startsWith(db() + " has no tables but this folder held a Dogdorm database"));
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(q);
            }
        }
    }
}
