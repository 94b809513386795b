package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.duration;
import static dogdorm.dealer.store.jdbc.Jdbc.instant;
import static dogdorm.dealer.store.jdbc.Jdbc.longOrNull;
import static dogdorm.dealer.store.jdbc.Jdbc.millis;
import static dogdorm.dealer.store.jdbc.Jdbc.query;
import static dogdorm.dealer.store.jdbc.Jdbc.setLong;

import dogdorm.dealer.heartbeat.CronExpression;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.PingKind;
import dogdorm.dealer.heartbeat.Schedule;
import dogdorm.dealer.heartbeat.Transition;
import dogdorm.dealer.store.HeartbeatStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heartbeat tables ({@code V005__heartbeats.sql}, {@code V014__heartbeat_schedule.sql}): tokens as whole rows,
 * their pings and transitions. A token's schedule is {@code interval_ms}, or {@code cron} and {@code tz} (then
 * {@code interval_ms} is 0).
 */
final class HeartbeatRows {
    private static final String UPSERT = """
            INSERT INTO heartbeats (id, token, name, description, interval_ms, grace_ms, enabled, created, resumed_at,
                last_ping, last_source, last_start, last_run_ms, failed_at, pings, state, state_since, cron, tz)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
                interval_ms = excluded.interval_ms, cron = excluded.cron, tz = excluded.tz,
                grace_ms = excluded.grace_ms, enabled = excluded.enabled,
                resumed_at = excluded.resumed_at, last_ping = excluded.last_ping, last_source = excluded.last_source,
                last_start = excluded.last_start, last_run_ms = excluded.last_run_ms, failed_at = excluded.failed_at,
                pings = excluded.pings, state = excluded.state, state_since = excluded.state_since""";

    /** A ping or transition of a token deleted meanwhile is skipped. */
    private static final String ADD_PING = """
            INSERT INTO heartbeat_pings (id, heartbeat_id, at, kind, ignored, method, source, user_agent, body,
                body_bytes, truncated, run_ms)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM heartbeats WHERE id = ?)""";

    private static final String ADD_TRANSITION = """
            INSERT INTO heartbeat_transitions (id, heartbeat_id, from_state, to_state, at, reason)
            SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM heartbeats WHERE id = ?)""";

    private static final String TRIM = """
            DELETE FROM %1$s WHERE heartbeat_id = ? AND id <= coalesce((SELECT id FROM %1$s WHERE heartbeat_id = ?
                ORDER BY id DESC LIMIT 1 OFFSET ?), -1)""";

    private HeartbeatRows() {}

    /** The tokens, and the highest ids ever given: the {@code meta} keys and the tables' own, whichever is higher. */
    static HeartbeatChanges.Stored load(Connection c, Map<String, Long> meta) throws SQLException {
        List<Heartbeat> tokens = query(c, "SELECT * FROM heartbeats ORDER BY id", rs -> new Heartbeat(rs.getLong("id"),
                rs.getString("token"), rs.getString("name"), rs.getString("description"),
                schedule(rs), duration(rs, "grace_ms"), rs.getInt("enabled") != 0,
                instant(rs, "created"), instant(rs, "resumed_at"), instant(rs, "last_ping"),
                rs.getString("last_source"), instant(rs, "last_start"), longOrNull(rs, "last_run_ms"),
                instant(rs, "failed_at"), rs.getLong("pings"), HeartbeatState.parse(rs.getString("state")),
                instant(rs, "state_since")));
        return new HeartbeatChanges.Stored(tokens,
                Math.max(meta.getOrDefault("last_heartbeat_id", 0L), Meta.sequence(c, "heartbeats")),
                Math.max(meta.getOrDefault("last_ping_id", 0L), Meta.sequence(c, "heartbeat_pings")),
                Math.max(meta.getOrDefault("last_transition_id", 0L), Meta.sequence(c, "heartbeat_transitions")));
    }

    /** As stored: a cron expression that no longer parses (a newer dealer's syntax) is an error, not a default. */
    private static Schedule schedule(ResultSet rs) throws SQLException {
        String cron = rs.getString("cron");
        if (cron == null) {
            return Schedule.every(Duration.ofMillis(rs.getLong("interval_ms")));
        }
        try {
            return new Schedule.Cron(CronExpression.parse(cron), ZoneId.of(rs.getString("tz")));
        } catch (RuntimeException e) {
            throw new SQLException("heartbeat #" + rs.getLong("id") + ": stored schedule '" + cron + "' in '"
                    + rs.getString("tz") + "' is not understood: " + e.getMessage(), e);
        }
    }

    static void write(Connection c, HeartbeatChanges changes) throws SQLException {
        if (changes.size() == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Heartbeat h : changes.saved()) {
                int i = 1;
                ps.setLong(i++, h.id());
                ps.setString(i++, h.token());
                ps.setString(i++, h.name());
                ps.setString(i++, h.description());
                ps.setLong(i++, h.schedule() instanceof Schedule.Every every ? every.interval().toMillis() : 0);
                setLong(ps, i++, millis(h.grace()));
                ps.setInt(i++, h.enabled() ? 1 : 0);
                ps.setLong(i++, h.created().toEpochMilli());
                setLong(ps, i++, millis(h.resumedAt()));
                setLong(ps, i++, millis(h.lastPing()));
                ps.setString(i++, h.lastSource());
                setLong(ps, i++, millis(h.lastStart()));
                setLong(ps, i++, h.lastRunMs());
                setLong(ps, i++, millis(h.failedAt()));
                ps.setLong(i++, h.pings());
                ps.setString(i++, h.recorded().wire());
                setLong(ps, i++, millis(h.recordedSince()));
                if (h.schedule() instanceof Schedule.Cron cron) {
                    ps.setString(i++, cron.expression().text());
                    ps.setString(i, cron.zone().getId());
                } else {
                    ps.setString(i++, null);
                    ps.setString(i, null);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM heartbeats WHERE id = ?")) {
            for (Long id : changes.deleted()) { // pings and transitions go with it (ON DELETE CASCADE)
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Set<Long> pinged = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(ADD_PING)) {
            for (Ping p : changes.pings()) {
                int i = 1;
                ps.setLong(i++, p.id());
                ps.setLong(i++, p.heartbeatId());
                ps.setLong(i++, p.at().toEpochMilli());
                ps.setString(i++, p.kind().wire());
                ps.setInt(i++, p.ignored() ? 1 : 0);
                ps.setString(i++, p.method());
                ps.setString(i++, p.source());
                ps.setString(i++, p.userAgent());
                ps.setString(i++, p.body());
                ps.setLong(i++, p.bodyBytes());
                ps.setInt(i++, p.truncated() ? 1 : 0);
                setLong(ps, i++, p.runMs());
                ps.setLong(i, p.heartbeatId());
                ps.addBatch();
                pinged.add(p.heartbeatId());
            }
            ps.executeBatch();
        }
        Set<Long> flipped = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(ADD_TRANSITION)) {
            for (Transition t : changes.transitions()) {
                ps.setLong(1, t.id());
                ps.setLong(2, t.heartbeatId());
                ps.setString(3, t.from().wire());
                ps.setString(4, t.to().wire());
                ps.setLong(5, t.at().toEpochMilli());
                ps.setString(6, t.reason());
                ps.setLong(7, t.heartbeatId());
                ps.addBatch();
                flipped.add(t.heartbeatId());
            }
            ps.executeBatch();
        }
        trim(c, "heartbeat_pings", pinged, Ping.KEPT);
        trim(c, "heartbeat_transitions", flipped, HeartbeatStore.TRANSITIONS_KEPT);
    }

    private static void trim(Connection c, String table, Set<Long> ids, int keep) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(String.format(TRIM, table))) {
            for (Long id : ids) {
                ps.setLong(1, id);
                ps.setLong(2, id);
                ps.setInt(3, keep);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<Ping> pings(Connection c, long heartbeatId, int limit) throws SQLException {
        return query(c, "SELECT * FROM heartbeat_pings WHERE heartbeat_id = ? ORDER BY id DESC LIMIT ?",
                rs -> new Ping(rs.getLong("id"), heartbeatId, instant(rs, "at"), PingKind.parse(rs.getString("kind")),
                        rs.getInt("ignored") != 0, rs.getString("method"), rs.getString("source"),
                        rs.getString("user_agent"), rs.getString("body"), rs.getLong("body_bytes"),
                        rs.getInt("truncated") != 0, longOrNull(rs, "run_ms")), heartbeatId, limit);
    }

    static List<Transition> transitions(Connection c, long heartbeatId, int limit) throws SQLException {
        return query(c, "SELECT * FROM heartbeat_transitions WHERE heartbeat_id = ? ORDER BY id DESC LIMIT ?",
                rs -> new Transition(rs.getLong("id"), heartbeatId, HeartbeatState.parse(rs.getString("from_state")),
                        HeartbeatState.parse(rs.getString("to_state")), instant(rs, "at"), rs.getString("reason")),
                heartbeatId, limit);
    }
}
