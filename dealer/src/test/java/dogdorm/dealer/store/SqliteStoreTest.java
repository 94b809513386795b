package dogdorm.dealer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.store.sqlite.DataFolder;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.table.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.testkit.Batches;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqliteStoreTest extends StoreContract {
    @Override
    Store open(Path dir) throws Exception {
        return new SqliteStore(dir);
    }

    @Test
    void the_database_is_in_wal_mode_under_the_data_directory() throws Exception {
        try (SqliteStore store = new SqliteStore(dir.resolve("sub"))) {
            assertTrue(Files.exists(dir.resolve("sub/dogdorm.db")));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/dogdorm.db"));
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void a_new_database_is_marked_as_dogdorms_and_gets_its_marker_file() throws Exception {
        try (SqliteStore store = new SqliteStore(dir)) {
            assertEquals(0x446F6764, pragma(store, "application_id"));
        }
        List<String> marker = Files.readAllLines(dir.resolve("dogdorm.db.created"));
        assertTrue(marker.get(0).matches("created \\d{4}-\\d\\d-\\d\\dT.+Z"), marker.get(0));
        assertTrue(String.join("\n", marker).contains("remove this file"), "it says what it is for");
    }

    @Test
    void a_database_made_before_the_marker_gets_it_and_the_application_id_on_its_first_start() throws Exception {
        try (SqliteStore store = new SqliteStore(dir); Connection c = connect(dir);
             Statement st = c.createStatement()) {
            st.execute("PRAGMA application_id = 0");
        }
        Files.delete(dir.resolve("dogdorm.db.created"));
        try (SqliteStore store = new SqliteStore(dir)) {
            store.write(Batches.targets(List.of(row(1, "8.8.8.8", 1)), Set.of(), 1));
            assertEquals(0x446F6764, pragma(store, "application_id"));
        }
        assertTrue(Files.readString(dir.resolve("dogdorm.db.created")).startsWith("first seen "));
        Files.delete(dir.resolve("dogdorm.db"));
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStore(dir));
        assertTrue(e.getMessage().contains("dogdorm.db is missing but this folder held a Dogdorm database "
                + "(first seen "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("dogdorm.db")), "no empty database in its place");
    }

    @Test
    void a_refused_database_leaves_the_data_folder_free() throws Exception {
        Files.writeString(dir.resolve("dogdorm.db"), "not a database, but long enough to have a header's place");
        assertThrows(StoreException.class, () -> new SqliteStore(dir));
        try (DataFolder again = DataFolder.lock(dir)) {
            assertEquals(dir, again.path());
        }
    }

    /** Another connection to the store's database, as another program (or a person with sqlite3) would open. */
    private static Connection connect(Path dir) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("dogdorm.db"));
    }

    private int pragma(SqliteStore store, String name) throws Exception {
        try (Connection c = connect(dir); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void a_failed_write_changes_nothing() throws Exception {
        try (SqliteStore store = new SqliteStore(dir)) {
            store.write(Batches.targets(List.of(row(1, "8.8.8.8", 1)), Set.of(), 1));
            // two rows with one key: the unique index refuses the second, so the whole write is rolled back
            TargetRow twin = new TargetRow(3, row(2, "8.8.4.4", 9).spec(), row(3, "8.8.4.4", 9).stats(), null);
            StoreException e = assertThrows(StoreException.class, () -> store.write(Batches.targets(
                    List.of(row(2, "8.8.4.4", 9), twin), Set.of(1L), 3)));
            assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
            assertEquals(List.of(1L), store.load().core().targets().stream().map(TargetRow::id).toList());
        }
    }

    @Test
    void a_flush_blocked_by_another_connection_names_the_lock_not_a_transaction_error() throws Exception {
        try (SqliteStore store = new SqliteStore(dir); Connection holder = connect(dir);
             Statement hold = holder.createStatement()) {
            hold.execute("BEGIN EXCLUSIVE");
            // the store waits out its busy timeout (5 s), then gives up
            StoreException e = assertThrows(StoreException.class, () -> store.write(Batches.targets(
                    List.of(row(1, "8.8.8.8", 1)), Set.of(), 1)));
            assertEquals("cannot write the flush (1 rows) to " + dir.resolve("dogdorm.db").toAbsolutePath()
                    + ": the database is locked by another connection (SQLITE_BUSY)", e.getMessage());
            hold.execute("ROLLBACK");
            store.write(Batches.targets(List.of(row(1, "8.8.8.8", 1)), Set.of(), 1));
            assertEquals(1, store.load().core().targets().size(), "the next flush goes through");
        }
    }

    @Test
    void sources_are_stored_as_the_text_pages_show_and_read_back_as_values() throws Exception {
        TargetRow listed = row(1, "8.8.8.8", 1);
        TargetRow site = new TargetRow(2, row(2, "8.8.4.4", 2).spec().withSource(
                Source.labelled("keepalive:/etc/dokeepalive.conf", "1.2")), row(2, "8.8.4.4", 2).stats(), null);
        try (SqliteStore store = new SqliteStore(dir)) {
            store.write(Batches.targets(List.of(listed, site), Set.of(), 2));
            try (Connection c = connect(dir); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT source FROM targets ORDER BY id")) {
                rs.next();
                assertEquals("turn_v4.csv:1", rs.getString(1));
                rs.next();
                assertEquals("keepalive:/etc/dokeepalive.conf:1.2", rs.getString(1));
            }
            List<TargetRow> back = store.load().core().targets();
            assertEquals(new Source("turn_v4.csv", 1), back.get(0).spec().source());
            assertEquals(Source.labelled("keepalive:/etc/dokeepalive.conf", "1.2"), back.get(1).spec().source());
        }
    }

    @Test
    void a_database_from_a_newer_dogdorm_is_refused_with_a_message() throws Exception {
        new SqliteStore(dir).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("dogdorm.db"));
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version) VALUES (999)");
        }
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStore(dir));
        assertTrue(e.getMessage().contains("newer Dogdorm"), e.getMessage());
    }
}
