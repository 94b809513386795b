package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.instant;
import static dogdorm.dealer.store.jdbc.Jdbc.longOrNull;
import static dogdorm.dealer.store.jdbc.Jdbc.millis;
import static dogdorm.dealer.store.jdbc.Jdbc.query;
import static dogdorm.dealer.store.jdbc.Jdbc.setLong;

import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.action.ActionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The audit of remediation actions ({@code V006__actions.sql}): whole rows, asked for and finished by id. */
final class ActionRows {
    private ActionRows() {}

    static void write(Connection c, Collection<ActionRecord> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO actions (id, target_id, droplet_id, type, requested_at, api_status, action_id,
                    final_status, error, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET api_status = excluded.api_status, action_id = excluded.action_id,
                    final_status = excluded.final_status, error = excluded.error,
                    finished_at = excluded.finished_at""")) {
            for (ActionRecord a : changed) {
                ps.setLong(1, a.id());
                ps.setLong(2, a.targetId());
                ps.setString(3, a.dropletId());
                ps.setString(4, a.type());
                ps.setLong(5, a.requestedAt().toEpochMilli());
                if (a.apiStatus() == null) ps.setNull(6, Types.INTEGER); else ps.setInt(6, a.apiStatus());
                setLong(ps, 7, a.actionId());
                ps.setString(8, a.finalStatus());
                ps.setString(9, a.error());
                setLong(ps, 10, millis(a.finishedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The newest actions {@code q} matches first, at most {@code limit}. */
    static List<ActionRecord> list(Connection c, ActionQuery q, int limit) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (q.targetId() != null) {
            where.add("target_id = ?");
            args.add(q.targetId());
        }
        if (ActionQuery.PENDING.equals(q.outcome())) {
            where.add("final_status IS NULL");
        } else if (q.outcome() != null) {
            where.add("final_status = ?");
            args.add(q.outcome());
        }
        if (q.since() != null) {
            where.add("requested_at >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.until() != null) {
            where.add("requested_at < ?");
            args.add(q.until().toEpochMilli());
        }
        args.add(limit);
        String sql = "SELECT * FROM actions" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT ?";
        return read(c, sql, args.toArray());
    }

    /** The newest action on each droplet. */
    static List<ActionRecord> newestPerDroplet(Connection c) throws SQLException {
        return read(c, "SELECT * FROM actions WHERE id IN (SELECT max(id) FROM actions GROUP BY droplet_id) "
                + "ORDER BY id");
    }

    private static List<ActionRecord> read(Connection c, String sql, Object... args) throws SQLException {
        return query(c, sql, rs -> {
            Long status = longOrNull(rs, "api_status");
            return new ActionRecord(rs.getLong("id"), rs.getLong("target_id"), rs.getString("droplet_id"),
                    rs.getString("type"), Instant.ofEpochMilli(rs.getLong("requested_at")),
                    status == null ? null : status.intValue(), longOrNull(rs, "action_id"),
                    rs.getString("final_status"), rs.getString("error"), instant(rs, "finished_at"));
        }, args);
    }
}
