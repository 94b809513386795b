package dogdorm.dealer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcTest {
    @TempDir
    Path dir;

    @Test
    void a_transaction_that_fills_the_database_fails_with_disk_full_not_with_the_rollback_error() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)");
                st.execute("PRAGMA max_page_count = 8"); // this connection may not grow the file past 8 pages
            }
            SQLException e = assertThrows(SQLException.class, () -> Jdbc.inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (b) VALUES (randomblob(1000))")) {
                    for (int i = 0; i < 100; i++) {
                        ps.executeUpdate();
                    }
                }
                return null;
            }));
            assertTrue(e.getMessage().contains("SQLITE_FULL"), e.getMessage()); // the failure itself, not a rollback's
            assertFalse(e.getMessage().contains("no transaction is active"), e.getMessage());
            assertTrue(c.getAutoCommit(), "auto-commit is put back");
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "nothing of the failed transaction stays");
            }
        }
    }

    @Test
    void a_committed_transaction_returns_its_result_and_restores_auto_commit() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            }
            int n = Jdbc.inTransaction(c, () -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("INSERT INTO t (id) VALUES (1), (2)");
                }
            });
            assertEquals(2, n);
            assertTrue(c.getAutoCommit());
        }
    }
}
