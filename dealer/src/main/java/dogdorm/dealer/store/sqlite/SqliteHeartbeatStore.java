package dogdorm.dealer.store.sqlite;

import static dogdorm.dealer.store.sqlite.Jdbc.duration;
import static dogdorm.dealer.store.sqlite.Jdbc.inTransaction;
import static dogdorm.dealer.store.sqlite.Jdbc.instant;
import static dogdorm.dealer.store.sqlite.Jdbc.longOrNull;
import static dogdorm.dealer.store.sqlite.Jdbc.millis;
import static dogdorm.dealer.store.sqlite.Jdbc.query;
import static dogdorm.dealer.store.sqlite.Jdbc.setLong;

import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.PingKind;
import dogdorm.dealer.heartbeat.Transition;
import dogdorm.dealer.store.HeartbeatStore;
import dogdorm.dealer.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@link SqliteStore}'s heartbeat tables ({@code V005__heartbeats.sql}), on the store's connection pool. */
final class SqliteHeartbeatStore implements HeartbeatStore {
    interface Connections {
        Connection get() throws SQLException;
    }

    private final Connections pool;

    SqliteHeartbeatStore(Connections pool) {
        this.pool = pool;
    }

    @Override
    public List<Heartbeat> loadHeartbeats() throws StoreException {
        try (Connection c = pool.get()) {
            return query(c, "SELECT * FROM heartbeats ORDER BY id", rs -> new Heartbeat(rs.getLong("id"),
                    rs.getString("token"), rs.getString("name"), rs.getString("description"),
                    Duration.ofMillis(rs.getLong("interval_ms")), duration(rs, "grace_ms"), rs.getInt("enabled") != 0,
                    instant(rs, "created"), instant(rs, "resumed_at"), instant(rs, "last_ping"),
                    rs.getString("last_source"), instant(rs, "last_start"), longOrNull(rs, "last_run_ms"),
                    instant(rs, "failed_at"), rs.getLong("pings"), HeartbeatState.parse(rs.getString("state")),
                    instant(rs, "state_since")));
        } catch (SQLException | IllegalArgumentException e) {
            throw new StoreException("cannot load heartbeat tokens: " + e.getMessage(), e);
        }
    }

    @Override
    public long insertHeartbeat(Heartbeat h) throws StoreException {
        try (Connection c = pool.get(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO heartbeats (token, name, description, interval_ms, grace_ms, enabled, created, resumed_at,
                    state, state_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, h.token());
            ps.setString(2, h.name());
            ps.setString(3, h.description());
            ps.setLong(4, h.interval().toMillis());
            setLong(ps, 5, millis(h.grace()));
            ps.setInt(6, h.enabled() ? 1 : 0);
            ps.setLong(7, h.created().toEpochMilli());
            setLong(ps, 8, millis(h.resumedAt()));
            ps.setString(9, h.recorded().wire());
            setLong(ps, 10, millis(h.recordedSince()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            // never the token in the message: it may be logged
            throw new StoreException("cannot store " + h + ": " + e.getMessage().replace(h.token(), h.tokenPrefix()),
                    e);
        }
    }

    @Override
    public void updateHeartbeat(Heartbeat h) throws StoreException {
        try (Connection c = pool.get(); PreparedStatement ps = c.prepareStatement("""
                UPDATE heartbeats SET name = ?, description = ?, interval_ms = ?, grace_ms = ?, enabled = ?,
                    resumed_at = ?
                WHERE id = ?""")) {
            ps.setString(1, h.name());
            ps.setString(2, h.description());
            ps.setLong(3, h.interval().toMillis());
            setLong(ps, 4, millis(h.grace()));
            ps.setInt(5, h.enabled() ? 1 : 0);
            setLong(ps, 6, millis(h.resumedAt()));
            ps.setLong(7, h.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store " + h + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteHeartbeat(long id) throws StoreException {
        try (Connection c = pool.get(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM heartbeats WHERE id = ?")) {
            // pings and transitions go with it (ON DELETE CASCADE)
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot delete heartbeat #" + id + ": " + e.getMessage(), e);
        }
    }

    private static final String RUNTIME = """
            UPDATE heartbeats SET last_ping = ?, last_source = ?, last_start = ?, last_run_ms = ?, failed_at = ?,
                pings = ?, state = ?, state_since = ?
            WHERE id = ?""";

    private static final String ADD_PING = """
            INSERT INTO heartbeat_pings (heartbeat_id, at, kind, ignored, method, source, user_agent, body, body_bytes,
                truncated, run_ms)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM heartbeats WHERE id = ?)""";

    private static final String ADD_TRANSITION = """
            INSERT INTO heartbeat_transitions (heartbeat_id, from_state, to_state, at, reason)
            SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM heartbeats WHERE id = ?)""";

    private static final String TRIM = """
            DELETE FROM %1$s WHERE heartbeat_id = ? AND id <= coalesce((SELECT id FROM %1$s WHERE heartbeat_id = ?
                ORDER BY id DESC LIMIT 1 OFFSET ?), -1)""";

    @Override
    public void writeHeartbeats(HeartbeatBatch batch) throws StoreException {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = pool.get()) {
            inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement(RUNTIME)) {
                    for (Heartbeat h : batch.runtime()) {
                        int i = 1;
                        setLong(ps, i++, millis(h.lastPing()));
                        ps.setString(i++, h.lastSource());
                        setLong(ps, i++, millis(h.lastStart()));
                        setLong(ps, i++, h.lastRunMs());
                        setLong(ps, i++, millis(h.failedAt()));
                        ps.setLong(i++, h.pings());
                        ps.setString(i++, h.recorded().wire());
                        setLong(ps, i++, millis(h.recordedSince()));
                        ps.setLong(i, h.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                Set<Long> pinged = new LinkedHashSet<>();
                try (PreparedStatement ps = c.prepareStatement(ADD_PING)) {
                    for (Ping p : batch.pings()) {
                        int i = 1;
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
                    for (Transition t : batch.transitions()) {
                        ps.setLong(1, t.heartbeatId());
                        ps.setString(2, t.from().wire());
                        ps.setString(3, t.to().wire());
                        ps.setLong(4, t.at().toEpochMilli());
                        ps.setString(5, t.reason());
                        ps.setLong(6, t.heartbeatId());
                        ps.addBatch();
                        flipped.add(t.heartbeatId());
                    }
                    ps.executeBatch();
                }
                trim(c, "heartbeat_pings", pinged, Ping.KEPT);
                trim(c, "heartbeat_transitions", flipped, TRANSITIONS_KEPT);
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot write heartbeat pings: " + e.getMessage(), e);
        }
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

    @Override
    public List<Ping> pings(long heartbeatId, int limit) throws StoreException {
        try (Connection c = pool.get()) {
            return query(c, "SELECT * FROM heartbeat_pings WHERE heartbeat_id = ? ORDER BY id DESC LIMIT ?",
                    rs -> new Ping(heartbeatId, instant(rs, "at"), PingKind.parse(rs.getString("kind")),
                            rs.getInt("ignored") != 0, rs.getString("method"), rs.getString("source"),
                            rs.getString("user_agent"), rs.getString("body"), rs.getLong("body_bytes"),
                            rs.getInt("truncated") != 0, longOrNull(rs, "run_ms")), heartbeatId, limit);
        } catch (SQLException | IllegalArgumentException e) {
            throw new StoreException("cannot read the pings of heartbeat #" + heartbeatId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Transition> transitions(long heartbeatId, int limit) throws StoreException {
        try (Connection c = pool.get()) {
            return query(c, "SELECT * FROM heartbeat_transitions WHERE heartbeat_id = ? ORDER BY id DESC LIMIT ?",
                    rs -> new Transition(heartbeatId, HeartbeatState.parse(rs.getString("from_state")),
                            HeartbeatState.parse(rs.getString("to_state")), instant(rs, "at"),
                            rs.getString("reason")), heartbeatId, limit);
        } catch (SQLException | IllegalArgumentException e) {
            throw new StoreException("cannot read the transitions of heartbeat #" + heartbeatId + ": "
                    + e.getMessage(), e);
        }
    }
}
