package dogdorm.dealer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Real SQLite failures, each turned into its plain cause. */
class SqliteFailureTest {
    @TempDir
    Path dir;

    private Connection open(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
    }

    private static void table(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, b BLOB)");
        }
    }

    @Test
    void a_database_that_cannot_grow_is_disk_full() throws Exception {
        try (Connection c = open("full.db"); Statement st = c.createStatement()) {
            table(c);
            st.execute("PRAGMA max_page_count = 4");
            SQLException e = assertThrows(SQLException.class, () -> {
                for (int i = 0; i < 50; i++) {
                    st.execute("INSERT INTO t (b) VALUES (randomblob(1000))");
                }
            });
            assertEquals(SqliteFailure.Kind.FULL, SqliteFailure.of(e).kind());
            assertEquals("disk full (SQLITE_FULL)", SqliteFailure.describe(e));
        }
    }

    @Test
    void a_write_through_a_read_only_connection_is_read_only() throws Exception {
        try (Connection c = open("ro.db")) {
            table(c);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + dir.resolve("ro.db"));
             Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("INSERT INTO t (b) VALUES (x'00')"));
            assertEquals(SqliteFailure.Kind.READ_ONLY, SqliteFailure.of(e).kind());
            assertEquals("the database is read-only (SQLITE_READONLY)", SqliteFailure.describe(e));
        }
    }

    @Test
    void a_write_while_another_connection_holds_an_exclusive_transaction_is_locked() throws Exception {
        try (Connection holder = open("busy.db"); Statement hold = holder.createStatement();
             Connection c = open("busy.db"); Statement st = c.createStatement()) {
            table(holder);
            hold.execute("BEGIN EXCLUSIVE");
            st.execute("PRAGMA busy_timeout = 0"); // fail at once instead of waiting for the holder
            SQLException e = assertThrows(SQLException.class, () -> st.execute("INSERT INTO t (b) VALUES (x'00')"));
            assertEquals(SqliteFailure.Kind.LOCKED, SqliteFailure.of(e).kind());
            assertEquals("the database is locked by another connection (SQLITE_BUSY)", SqliteFailure.describe(e));
            hold.execute("ROLLBACK");
        }
    }

    @Test
    void a_file_that_is_not_a_database_is_named_so() throws Exception {
        Files.writeString(dir.resolve("text.db"), "just some text, and more than a header's worth of it. ".repeat(4));
        try (Connection c = open("text.db"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM sqlite_master"));
            assertEquals(SqliteFailure.Kind.DAMAGED, SqliteFailure.of(e).kind());
            assertEquals("the file is not a database, or is damaged (SQLITE_NOTADB)", SqliteFailure.describe(e));
        }
    }

    @Test
    void the_cause_is_found_under_a_wrapping_exception() throws Exception {
        try (Connection c = open("w.db"); Statement st = c.createStatement()) {
            SQLException inner = assertThrows(SQLException.class, () -> st.execute("INSERT INTO nowhere VALUES (1)"));
            SQLException outer = new SQLException("migration V001 failed: " + inner.getMessage(), inner);
            assertEquals(SqliteFailure.Kind.OTHER, SqliteFailure.of(outer).kind(), "a missing table is no disk fault");
            assertEquals(outer.getMessage(), SqliteFailure.describe(outer), "an unknown cause keeps its own words");
        }
    }

    @Test
    void a_cause_named_only_in_a_message_is_still_found() {
        SQLException e = new SQLException("batch entry 3: [SQLITE_FULL] Insertion failed because database is full");
        assertEquals("disk full (SQLITE_FULL)", SqliteFailure.describe(e));
    }
}
