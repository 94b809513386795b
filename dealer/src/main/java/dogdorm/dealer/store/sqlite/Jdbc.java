package dogdorm.dealer.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** The small JDBC conversions the SQLite stores share: nullable numbers and instants (epoch milliseconds). */
final class Jdbc {
    private Jdbc() {}

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER); else ps.setLong(i, v);
    }

    static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static Double doubleOrNull(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        Long v = longOrNull(rs, col);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
