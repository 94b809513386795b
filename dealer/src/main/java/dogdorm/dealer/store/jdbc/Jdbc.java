package dogdorm.dealer.store.jdbc;

import dogdorm.dealer.table.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The small JDBC pieces the SQLite stores share: nullable numbers, instants (epoch milliseconds) and durations
 * (milliseconds), a query that maps every row, and a transaction.
 */
final class Jdbc {
    private Jdbc() {}

    /** Reads one row of a result set. */
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done inside one transaction. */
    interface Tx<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: committed when it returns, rolled back when it throws
     * (the exception goes on), and the connection's auto-commit setting put back either way. When the work or the
     * commit fails, that failure is what is thrown: SQLite ends a transaction by itself on some errors (disk full,
     * I/O), and the rollback's or auto-commit's own error ("no transaction is active") is only added to it as
     * suppressed.
     */
    static <T> T inTransaction(Connection c, Tx<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException | RuntimeException r) {
                e.addSuppressed(r);
            }
            try {
                c.setAutoCommit(auto);
            } catch (SQLException | RuntimeException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
        c.setAutoCommit(auto);
        return result;
    }

    /** Runs a query with its arguments bound in order and maps every row. */
    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        }
    }

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

    static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    /** The one place a stored source's text ("tcp_v4.csv:12", "keepalive:/etc/x.conf:1.2") becomes a value again. */
    static Source source(ResultSet rs) throws SQLException {
        return Source.parse(rs.getString("source"));
    }

    static Duration duration(ResultSet rs, String col) throws SQLException {
        Long v = longOrNull(rs, col);
        return v == null ? null : Duration.ofMillis(v);
    }
}
