package dogdorm.dealer.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The highest ids ever given, so no id is reused after its row is deleted: the {@code meta} table's {@code last_*}
 * keys (they only grow); SQLite's own sequence of its AUTOINCREMENT tables is asked by the SQLite store.
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
        // CASE rather than max(): SQLite's two-argument max() is PostgreSQL's greatest()
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = CASE WHEN CAST(excluded.value AS BIGINT) "
                + "> CAST(meta.value AS BIGINT) THEN excluded.value ELSE meta.value END")) {
            for (Map.Entry<String, Long> e : lastIds.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, String.valueOf(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The highest id {@code table} ever held (0 when none): SQLite keeps it for its AUTOINCREMENT tables even after
     * the row is gone; elsewhere the ids are the dealer's own, and the highest one still there is what counts (the
     * {@code meta} keys cover rows deleted since).
     */
    static long sequence(Connection c, String table) throws SQLException {
        boolean sqlite = c.getMetaData().getDatabaseProductName().equalsIgnoreCase("SQLite");
        String sql = sqlite ? "SELECT seq FROM sqlite_sequence WHERE name = ?"
                : "SELECT coalesce(max(id), 0) FROM " + table; // table: one of the dealer's own names
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (sqlite) {
                ps.setString(1, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
