package dogdorm.dealer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.table.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
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
            try (Connection c = store.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void a_failed_write_changes_nothing() throws Exception {
        try (SqliteStore store = new SqliteStore(dir)) {
            store.write(List.of(row(1, "8.8.8.8", 1)), List.of(), 1);
            // two rows with one key: the unique index refuses the second, so the whole write is rolled back
            TargetRow twin = new TargetRow(3, row(2, "8.8.4.4", 9).spec(), row(3, "8.8.4.4", 9).stats(), null);
            StoreException e = assertThrows(StoreException.class, () -> store.write(
                    List.of(row(2, "8.8.4.4", 9), twin), List.of(1L), 3));
            assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
            assertEquals(List.of(1L), store.load().targets().stream().map(TargetRow::id).toList());
        }
    }

    @Test
    void sources_are_stored_as_the_text_pages_show_and_read_back_as_values() throws Exception {
        TargetRow listed = row(1, "8.8.8.8", 1);
        TargetRow site = new TargetRow(2, row(2, "8.8.4.4", 2).spec().withSource(
                Source.labelled("keepalive:/etc/dokeepalive.conf", "1.2")), row(2, "8.8.4.4", 2).stats(), null);
        try (SqliteStore store = new SqliteStore(dir)) {
            store.write(List.of(listed, site), List.of(), 2);
            try (Connection c = store.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT source FROM targets ORDER BY id")) {
                rs.next();
                assertEquals("turn_v4.csv:1", rs.getString(1));
                rs.next();
                assertEquals("keepalive:/etc/dokeepalive.conf:1.2", rs.getString(1));
            }
            List<TargetRow> back = store.load().targets();
            assertEquals(new Source("turn_v4.csv", 1), back.get(0).spec().source());
            assertEquals(Source.labelled("keepalive:/etc/dokeepalive.conf", "1.2"), back.get(1).spec().source());
        }
    }

    @Test
    void a_database_from_a_newer_dogdorm_is_refused_with_a_message() throws Exception {
        try (SqliteStore store = new SqliteStore(dir); Connection c = store.connection();
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version) VALUES (999)");
        }
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStore(dir));
        assertTrue(e.getMessage().contains("newer Dogdorm"), e.getMessage());
    }
}
