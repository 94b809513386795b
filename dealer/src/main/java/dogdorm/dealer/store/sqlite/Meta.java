package dogdorm.dealer.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The highest ids ever given, so no id is reused after its row is deleted: the {@code meta} table's {@code last_*}
 * keys (they only grow), and SQLite's own sequence of the AUTOINCREMENT tables.
 */
final class Meta {
    private Meta() {}

    static Map<String, Long> read(Connection c) throws SQLException {
        Map<String, Long> meta = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
            while (rs.next()) {
                meta.put(rs.getString(1), Long.parseLong(rs.getString(2)));
            }
        }
        return meta;
    }

    /** Raises each key to at least its value. */
    static void raise(Connection c, Map<String, Long> lastIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = "
                + "max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))")) {
            for (Map.Entry<String, Long> e : lastIds.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setLong(2, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The highest id an AUTOINCREMENT table ever gave (0 when none). */
    static long sequence(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
