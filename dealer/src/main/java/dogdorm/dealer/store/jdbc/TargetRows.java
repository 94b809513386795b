package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.doubleOrNull;
import static dogdorm.dealer.store.jdbc.Jdbc.duration;
import static dogdorm.dealer.store.jdbc.Jdbc.instant;
import static dogdorm.dealer.store.jdbc.Jdbc.longOrNull;
import static dogdorm.dealer.store.jdbc.Jdbc.millis;
import static dogdorm.dealer.store.jdbc.Jdbc.setLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.checks.CheckCodec;
import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Tags;
import dogdorm.dealer.table.TargetSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code targets} and {@code target_stats} tables ({@code V001__targets.sql}): what targets are, how they do. */
final class TargetRows {
    private static final Logger log = LoggerFactory.getLogger(TargetRows.class);
    private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {};

    private static final String UPSERT_SPEC = """
            INSERT INTO targets (id, kind, family, transport, host, ip, port, "user", password, grp, source,
                interval_ms, timeout_ms, options, candidate, vantage, tags)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, family = excluded.family,
                transport = excluded.transport, host = excluded.host, ip = excluded.ip, port = excluded.port,
                "user" = excluded."user", password = excluded.password, grp = excluded.grp, source = excluded.source,
                interval_ms = excluded.interval_ms, timeout_ms = excluded.timeout_ms, options = excluded.options,
                candidate = excluded.candidate, vantage = excluded.vantage, tags = excluded.tags
            """;

    private static final String UPSERT_STATS = """
            INSERT INTO target_stats (target_id, checks, failures, streak, last_check, last_success, uptime_s,
                max_uptime_s, latency_last_ms, latency_sum_ms, latency_count, decayed_good, decayed_seen, state,
                state_since, last_error, last_worker, next_due, recent_checks, paused_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (target_id) DO UPDATE SET checks = excluded.checks, failures = excluded.failures,
                streak = excluded.streak, last_check = excluded.last_check, last_success = excluded.last_success,
                uptime_s = excluded.uptime_s, max_uptime_s = excluded.max_uptime_s,
                latency_last_ms = excluded.latency_last_ms, latency_sum_ms = excluded.latency_sum_ms,
                latency_count = excluded.latency_count, decayed_good = excluded.decayed_good,
                decayed_seen = excluded.decayed_seen, state = excluded.state, state_since = excluded.state_since,
                last_error = excluded.last_error, last_worker = excluded.last_worker, next_due = excluded.next_due,
                recent_checks = COALESCE(excluded.recent_checks, target_stats.recent_checks),
                paused_at = excluded.paused_at
            """;

    private final ObjectMapper json;

    TargetRows(ObjectMapper json) {
        this.json = json;
    }

    List<TargetRow> load(Connection c) throws SQLException {
        List<TargetRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT * FROM targets t LEFT JOIN target_stats s ON s.target_id = t.id ORDER BY t.id")) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        return rows;
    }

    /** Upserts the specs given (a row without one changes only its stats), then every row's stats. */
    void write(Connection c, Collection<TargetRow> upserts) throws SQLException {
        if (upserts.isEmpty()) {
            return;
        }
        try (PreparedStatement spec = c.prepareStatement(UPSERT_SPEC);
             PreparedStatement stats = c.prepareStatement(UPSERT_STATS)) {
            int specs = 0;
            for (TargetRow r : upserts) {
                if (r.spec() != null) {
                    bindSpec(spec, r);
                    spec.addBatch();
                    specs++;
                }
            }
            if (specs > 0) {
                spec.executeBatch();
            }
            for (TargetRow r : upserts) {
                bindStats(stats, r);
                stats.addBatch();
            }
            stats.executeBatch();
        }
    }

    /** Deletes targets with their incidents and uptime history. */
    static void delete(Connection c, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        for (String sql : new String[] {"DELETE FROM targets WHERE id = ?", "DELETE FROM incidents WHERE target_id = ?",
                "DELETE FROM uptime_hourly WHERE target_id = ?", "DELETE FROM uptime_daily WHERE target_id = ?"}) {
            try (PreparedStatement del = c.prepareStatement(sql)) {
                for (Long id : ids) {
                    del.setLong(1, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
    }

    private TargetRow row(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        Long timeoutMs = longOrNull(rs, "timeout_ms");
        Long vantage = longOrNull(rs, "vantage");
        Map<String, String> options = Map.of();
        String opts = rs.getString("options");
        if (opts != null && !opts.isBlank()) {
            try {
                options = json.readValue(opts, OPTIONS);
            } catch (JsonProcessingException e) {
                log.warn("target #{}: unreadable options in the database, ignored: {}", id, e.getOriginalMessage());
            }
        }
        TargetSpec spec = new TargetSpec(Kind.parse(rs.getString("kind")), rs.getInt("family"),
                Transport.parse(rs.getString("transport")), rs.getString("host"), rs.getString("ip"),
                rs.getInt("port"), rs.getString("user"), rs.getString("password"), rs.getString("grp"),
                Jdbc.source(rs), duration(rs, "interval_ms"),
                timeoutMs == null ? null : timeoutMs.intValue(), options, longOrNull(rs, "candidate"),
                vantage == null ? null : vantage.intValue(), tags(id, rs.getString("tags")));
        Stats s = new Stats();
        String state = rs.getString("state");
        if (state == null) {
            return new TargetRow(id, spec, s, null); // no stats row yet
        }
        s.checks = rs.getLong("checks");
        s.failures = rs.getLong("failures");
        s.streak = rs.getInt("streak");
        s.lastCheck = instant(rs, "last_check");
        s.lastSuccess = instant(rs, "last_success");
        s.uptimeS = rs.getLong("uptime_s");
        s.maxUptimeS = rs.getLong("max_uptime_s");
        s.latencyLastMs = doubleOrNull(rs, "latency_last_ms");
        s.latencySumMs = rs.getDouble("latency_sum_ms");
        s.latencyCount = rs.getLong("latency_count");
        s.decayedGood = rs.getDouble("decayed_good");
        s.decayedSeen = rs.getDouble("decayed_seen");
        s.state = State.parse(state);
        s.stateSince = instant(rs, "state_since");
        s.lastError = rs.getString("last_error");
        s.lastWorker = rs.getString("last_worker");
        s.pausedAt = instant(rs, "paused_at");
        List<CheckLog.Check> checks = List.of();
        try {
            checks = CheckCodec.decode(rs.getBytes("recent_checks"));
        } catch (IllegalArgumentException e) {
            log.warn("target #{}: unreadable record of its last checks in the database, starting it afresh: {}", id,
                    e.getMessage());
        }
        return new TargetRow(id, spec, s, longOrNull(rs, "next_due"), checks);
    }

    /** A target's stored tags; ones the rules refuse now (a hand edit of the database) are left out, said once. */
    private static List<String> tags(long id, String text) {
        try {
            return Tags.parse(text, "tags");
        } catch (IllegalArgumentException e) {
            log.warn("target #{}: unreadable tags in the database, ignored: {}", id, e.getMessage());
            return List.of();
        }
    }

    private void bindSpec(PreparedStatement ps, TargetRow r) throws SQLException {
        TargetSpec t = r.spec();
        int i = 1;
        ps.setLong(i++, r.id());
        ps.setString(i++, t.kind().wire());
        ps.setInt(i++, t.family());
        ps.setString(i++, t.transport().wire());
        ps.setString(i++, t.host());
        ps.setString(i++, t.ip());
        ps.setInt(i++, t.port());
        ps.setString(i++, t.user());
        ps.setString(i++, t.password());
        ps.setString(i++, t.group());
        ps.setString(i++, t.sourceText());
        setLong(ps, i++, millis(t.interval()));
        setLong(ps, i++, t.timeoutMs() == null ? null : t.timeoutMs().longValue());
        setLong(ps, i + 1, t.candidate());
        setLong(ps, i + 2, t.vantage() == null ? null : t.vantage().longValue());
        ps.setString(i + 3, t.tags().isEmpty() ? null : Tags.text(t.tags()));
        try {
            ps.setString(i, t.options().isEmpty() ? null : json.writeValueAsString(t.options()));
        } catch (JsonProcessingException e) {
            throw new SQLException("options of target #" + r.id() + " cannot be written: " + e.getMessage(), e);
        }
    }

    private static void bindStats(PreparedStatement ps, TargetRow r) throws SQLException {
        Stats s = r.stats();
        int i = 1;
        ps.setLong(i++, r.id());
        ps.setLong(i++, s.checks);
        ps.setLong(i++, s.failures);
        ps.setInt(i++, s.streak);
        setLong(ps, i++, millis(s.lastCheck));
        setLong(ps, i++, millis(s.lastSuccess));
        ps.setLong(i++, s.uptimeS);
        ps.setLong(i++, s.maxUptimeS);
        if (s.latencyLastMs == null) ps.setNull(i++, Types.REAL); else ps.setDouble(i++, s.latencyLastMs);
        ps.setDouble(i++, s.latencySumMs);
        ps.setLong(i++, s.latencyCount);
        ps.setDouble(i++, s.decayedGood);
        ps.setDouble(i++, s.decayedSeen);
        ps.setString(i++, s.state.wire());
        setLong(ps, i++, millis(s.stateSince));
        ps.setString(i++, s.lastError);
        ps.setString(i++, s.lastWorker);
        setLong(ps, i++, r.nextDue());
        ps.setBytes(i++, r.checks() == null ? null : CheckCodec.encode(r.checks()));
        setLong(ps, i, millis(s.pausedAt));
    }
}
