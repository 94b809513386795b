package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.instant;
import static dogdorm.dealer.store.jdbc.Jdbc.millis;
import static dogdorm.dealer.store.jdbc.Jdbc.query;
import static dogdorm.dealer.store.jdbc.Jdbc.setLong;

import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The {@code incidents} table ({@code V002__incidents.sql}, {@code V008}): whole rows, opened and closed by id. */
final class IncidentRows {
    private IncidentRows() {}

    static void write(Connection c, Collection<Incident> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO incidents (id, target_id, description, down_at, up_at, worker, confirmed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET description = excluded.description, down_at = excluded.down_at,
                    up_at = excluded.up_at, worker = excluded.worker, confirmed_at = excluded.confirmed_at""")) {
            for (Incident i : changed) {
                ps.setLong(1, i.id());
                ps.setLong(2, i.targetId());
                ps.setString(3, i.description());
                ps.setLong(4, i.downAt().toEpochMilli());
                setLong(ps, 5, millis(i.upAt()));
                ps.setString(6, i.worker());
                setLong(ps, 7, millis(i.confirmedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<Incident> forTarget(Connection c, long targetId, int limit) throws SQLException {
        return read(c, "SELECT * FROM incidents WHERE target_id = ? ORDER BY id DESC LIMIT ?", targetId, limit);
    }

    static List<Incident> open(Connection c) throws SQLException {
        return read(c, "SELECT * FROM incidents WHERE up_at IS NULL ORDER BY id");
    }

    /** The newest incidents {@code q} matches first, at most {@code limit}. */
    static List<Incident> matching(Connection c, IncidentQuery q, int limit) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (q.targetIds() != null) {
            if (q.targetIds().isEmpty()) {
                return List.of();
            }
            where.add("target_id IN (" + String.join(", ", Collections.nCopies(q.targetIds().size(), "?"))
                    + ")");
            args.addAll(q.targetIds());
        }
        if (q.open() != null) {
            where.add(q.open() ? "up_at IS NULL" : "up_at IS NOT NULL");
        }
        if (q.since() != null) {
            where.add("(up_at IS NULL OR up_at >= ?)");
            args.add(q.since().toEpochMilli());
        }
        args.add(limit);
        return read(c, "SELECT * FROM incidents" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT ?", args.toArray());
    }

    private static List<Incident> read(Connection c, String sql, Object... args) throws SQLException {
        return query(c, sql, rs -> new Incident(rs.getLong("id"), rs.getLong("target_id"), rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("down_at")), instant(rs, "confirmed_at"), instant(rs, "up_at"),
                rs.getString("worker")), args);
    }
}
