package dogdorm.dealer.store.sqlite;

import static dogdorm.dealer.store.sqlite.Jdbc.doubleOrNull;
import static dogdorm.dealer.store.sqlite.Jdbc.duration;
import static dogdorm.dealer.store.sqlite.Jdbc.inTransaction;
import static dogdorm.dealer.store.sqlite.Jdbc.instant;
import static dogdorm.dealer.store.sqlite.Jdbc.longOrNull;
import static dogdorm.dealer.store.sqlite.Jdbc.millis;
import static dogdorm.dealer.store.sqlite.Jdbc.query;
import static dogdorm.dealer.store.sqlite.Jdbc.setLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.store.ForwardingHeartbeatStore;
import dogdorm.dealer.store.HeartbeatStore;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.TargetRow;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded default store: one SQLite file in WAL mode under the data directory, through HikariCP. */
public final class SqliteStore implements Store, ForwardingHeartbeatStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {};

    private final HikariDataSource pool;
    private final Path file;
    private final ObjectMapper json = Json.newMapper();

    public SqliteStore(Path dataDir) throws StoreException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        this.file = dataDir.resolve("dogdorm.db").toAbsolutePath();
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("sqlite");
        cfg.setJdbcUrl("jdbc:sqlite:" + file);
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(1);
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "NORMAL");
        cfg.addDataSourceProperty("busy_timeout", "5000");
        cfg.addDataSourceProperty("foreign_keys", "true");
        try {
            this.pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
        try (Connection c = pool.getConnection()) {
            Migrations.apply(c);
        } catch (SQLException | IOException e) {
            pool.close();
            throw new StoreException("cannot prepare " + file + ": " + e.getMessage(), e);
        }
        log.info("store: {}", file);
    }

    /** A pooled connection, for the parts of the dealer that write through (incidents, heartbeats). */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Loaded load() throws StoreException {
        List<TargetRow> rows = new ArrayList<>();
        long lastId = 0;
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT * FROM targets t LEFT JOIN target_stats s "
                    + "ON s.target_id = t.id ORDER BY t.id")) {
                while (rs.next()) {
                    rows.add(row(rs));
                    lastId = Math.max(lastId, rs.getLong("id"));
                }
            }
            Map<String, Long> meta = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
                while (rs.next()) {
                    meta.put(rs.getString(1), Long.parseLong(rs.getString(2)));
                }
            }
            lastId = Math.max(lastId, meta.getOrDefault("last_id", 0L));
            List<Candidate> candidates = new ArrayList<>();
            long lastCandidate = meta.getOrDefault("last_candidate_id", 0L);
            try (ResultSet rs = st.executeQuery("SELECT * FROM candidates ORDER BY id")) {
                while (rs.next()) {
                    candidates.add(candidate(rs));
                    lastCandidate = Math.max(lastCandidate, rs.getLong("id"));
                }
            }
            Map<Long, List<Alias.Seen>> seen = new HashMap<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT alias_id, address, first_seen, last_seen FROM alias_addresses ORDER BY first_seen")) {
                while (rs.next()) {
                    seen.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Alias.Seen(rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            List<Alias> aliases = new ArrayList<>();
            long lastAlias = meta.getOrDefault("last_alias_id", 0L);
            try (ResultSet rs = st.executeQuery("SELECT * FROM aliases ORDER BY id")) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    aliases.add(Alias.restore(id, rs.getString("host"), rs.getInt("family"), rs.getString("current"),
                            seen.getOrDefault(id, List.of()), instant(rs, "last_resolved"),
                            rs.getString("last_error")));
                    lastAlias = Math.max(lastAlias, id);
                }
            }
            return new Loaded(rows, lastId, candidates, lastCandidate, aliases, lastAlias);
        } catch (SQLException e) {
            throw new StoreException("cannot load from " + file + ": " + e.getMessage(), e);
        }
    }

    private static final TypeReference<List<Long>> IDS = new TypeReference<>() {};

    private Candidate candidate(ResultSet rs) throws SQLException {
        TargetSpec spec = new TargetSpec(Kind.parse(rs.getString("kind")), rs.getInt("family"), null,
                rs.getString("host"), rs.getString("ip"), rs.getInt("port"), rs.getString("user"),
                rs.getString("password"), null, source(rs), null, null, null);
        List<Long> services;
        try {
            services = json.readValue(rs.getString("services"), IDS);
        } catch (JsonProcessingException e) {
            services = List.of();
        }
        return Candidate.restore(rs.getLong("id"), spec, Candidate.State.parse(rs.getString("state")),
                rs.getInt("attempts"), rs.getString("last_error"), instant(rs, "last_tried"), services);
    }

    /** The one place a stored source's text ("tcp_v4.csv:12", "keepalive:/etc/x.conf:1.2") becomes a value again. */
    private static Source source(ResultSet rs) throws SQLException {
        return Source.parse(rs.getString("source"));
    }

    private TargetRow row(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        Long timeoutMs = longOrNull(rs, "timeout_ms");
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
                source(rs), duration(rs, "interval_ms"),
                timeoutMs == null ? null : timeoutMs.intValue(), options, longOrNull(rs, "candidate"));
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
        return new TargetRow(id, spec, s, longOrNull(rs, "next_due"));
    }

    private static final String UPSERT_SPEC = """
            INSERT INTO targets (id, kind, family, transport, host, ip, port, user, password, grp, source,
                interval_ms, timeout_ms, options, candidate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, family = excluded.family,
                transport = excluded.transport, host = excluded.host, ip = excluded.ip, port = excluded.port,
                user = excluded.user, password = excluded.password, grp = excluded.grp, source = excluded.source,
                interval_ms = excluded.interval_ms, timeout_ms = excluded.timeout_ms, options = excluded.options,
                candidate = excluded.candidate
            """;

    private static final String UPSERT_STATS = """
            INSERT INTO target_stats (target_id, checks, failures, streak, last_check, last_success, uptime_s,
                max_uptime_s, latency_last_ms, latency_sum_ms, latency_count, decayed_good, decayed_seen, state,
                state_since, last_error, last_worker, next_due)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (target_id) DO UPDATE SET checks = excluded.checks, failures = excluded.failures,
                streak = excluded.streak, last_check = excluded.last_check, last_success = excluded.last_success,
                uptime_s = excluded.uptime_s, max_uptime_s = excluded.max_uptime_s,
                latency_last_ms = excluded.latency_last_ms, latency_sum_ms = excluded.latency_sum_ms,
                latency_count = excluded.latency_count, decayed_good = excluded.decayed_good,
                decayed_seen = excluded.decayed_seen, state = excluded.state, state_since = excluded.state_since,
                last_error = excluded.last_error, last_worker = excluded.last_worker, next_due = excluded.next_due
            """;

    private static final String ADD_HOURLY = """
            INSERT INTO uptime_hourly (target_id, hour, up, down, latency_sum, latency_n) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (target_id, hour) DO UPDATE SET up = up + excluded.up, down = down + excluded.down,
                latency_sum = latency_sum + excluded.latency_sum, latency_n = latency_n + excluded.latency_n
            """;

    @Override
    public void write(Batch batch) throws StoreException {
        Collection<TargetRow> upserts = batch.targets();
        Collection<Long> deletes = batch.deletedTargets();
        Collection<UptimeBucket> uptimeDeltas = batch.uptime();
        long lastId = batch.lastId();
        try (Connection c = pool.getConnection()) {
            inTransaction(c, () -> {
                if (!deletes.isEmpty()) {
                    for (String sql : new String[] {"DELETE FROM targets WHERE id = ?",
                            "DELETE FROM incidents WHERE target_id = ?", "DELETE FROM uptime_hourly WHERE target_id = ?",
                            "DELETE FROM uptime_daily WHERE target_id = ?"}) {
                        try (PreparedStatement del = c.prepareStatement(sql)) {
                            for (Long id : deletes) {
                                del.setLong(1, id);
                                del.addBatch();
                            }
                            del.executeBatch();
                        }
                    }
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
                if (!uptimeDeltas.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(ADD_HOURLY)) {
                        for (UptimeBucket d : uptimeDeltas) {
                            ps.setLong(1, d.targetId());
                            ps.setLong(2, d.period());
                            ps.setLong(3, d.up());
                            ps.setLong(4, d.down());
                            ps.setDouble(5, d.latencySumMs());
                            ps.setLong(6, d.latencyN());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                writeCandidates(c, batch);
                writeAliases(c, batch);
                try (PreparedStatement meta = c.prepareStatement(
                        "INSERT INTO meta (key, value) VALUES (?, ?) "
                                + "ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), "
                                + "CAST(excluded.value AS INTEGER))")) {
                    for (Object[] kv : new Object[][] {{"last_id", lastId}, {"last_candidate_id", batch.lastCandidateId()},
                            {"last_alias_id", batch.lastAliasId()}}) {
                        meta.setString(1, (String) kv[0]);
                        meta.setLong(2, (Long) kv[1]);
                        meta.addBatch();
                    }
                    meta.executeBatch();
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot write " + batch.size() + " rows to " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private void writeCandidates(Connection c, Batch batch) throws SQLException {
        if (!batch.deletedCandidates().isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM candidates WHERE id = ?")) {
                for (Long id : batch.deletedCandidates()) {
                    del.setLong(1, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
        if (batch.candidates().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO candidates (id, kind, family, host, ip, port, user, password, source, state, attempts,
                    last_error, last_tried, services) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, family = excluded.family, host = excluded.host,
                    ip = excluded.ip, port = excluded.port, user = excluded.user, password = excluded.password,
                    source = excluded.source, state = excluded.state, attempts = excluded.attempts,
                    last_error = excluded.last_error, last_tried = excluded.last_tried, services = excluded.services
                """)) {
            for (Candidate k : batch.candidates()) {
                TargetSpec s = k.spec();
                int i = 1;
                ps.setLong(i++, k.id());
                ps.setString(i++, s.kind().wire());
                ps.setInt(i++, s.family());
                ps.setString(i++, s.host());
                ps.setString(i++, s.ip());
                ps.setInt(i++, s.port());
                ps.setString(i++, s.user());
                ps.setString(i++, s.password());
                ps.setString(i++, s.sourceText());
                ps.setString(i++, k.state().wire());
                ps.setInt(i++, k.attempts());
                ps.setString(i++, k.lastError());
                setLong(ps, i++, millis(k.lastTried()));
                try {
                    ps.setString(i, json.writeValueAsString(k.services()));
                } catch (JsonProcessingException e) {
                    throw new SQLException(e);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void writeAliases(Connection c, Batch batch) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM aliases WHERE id = ?");
             PreparedStatement delAddresses = c.prepareStatement("DELETE FROM alias_addresses WHERE alias_id = ?");
             PreparedStatement up = c.prepareStatement("""
                     INSERT INTO aliases (id, host, family, current, last_resolved, last_error) VALUES (?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET current = excluded.current,
                         last_resolved = excluded.last_resolved, last_error = excluded.last_error""");
             PreparedStatement addr = c.prepareStatement(
                     "INSERT INTO alias_addresses (alias_id, address, first_seen, last_seen) VALUES (?, ?, ?, ?)")) {
            for (Long id : batch.deletedAliases()) {
                delAddresses.setLong(1, id);
                delAddresses.executeUpdate();
                del.setLong(1, id);
                del.executeUpdate();
            }
            for (Alias a : batch.aliases()) {
                up.setLong(1, a.id());
                up.setString(2, a.host());
                up.setInt(3, a.family());
                up.setString(4, a.current());
                setLong(up, 5, millis(a.lastResolved()));
                up.setString(6, a.lastError());
                up.executeUpdate();
                delAddresses.setLong(1, a.id());
                delAddresses.executeUpdate();
                for (Alias.Seen s : a.history()) {
                    addr.setLong(1, a.id());
                    addr.setString(2, s.address());
                    addr.setLong(3, s.firstSeen().toEpochMilli());
                    addr.setLong(4, s.lastSeen().toEpochMilli());
                    addr.addBatch();
                }
            }
            addr.executeBatch();
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
        setLong(ps, i, r.nextDue());
    }

    @Override
    public Incident openIncident(long targetId, String description, Instant downAt, String worker)
            throws StoreException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO incidents (target_id, description, down_at, worker) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, targetId);
            ps.setString(2, description);
            ps.setLong(3, downAt.toEpochMilli());
            ps.setString(4, worker);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Incident(keys.getLong(1), targetId, description, downAt, null, worker);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store an incident for target #" + targetId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void closeIncident(long id, Instant upAt) throws StoreException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE incidents SET up_at = ? WHERE id = ? AND up_at IS NULL")) {
            ps.setLong(1, upAt.toEpochMilli());
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot close incident #" + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Incident> incidents(long targetId, int limit) throws StoreException {
        return queryIncidents("SELECT * FROM incidents WHERE target_id = ? ORDER BY id DESC LIMIT ?",
                targetId, limit);
    }

    @Override
    public List<Incident> openIncidents() throws StoreException {
        return queryIncidents("SELECT * FROM incidents WHERE up_at IS NULL ORDER BY id");
    }

    private List<Incident> queryIncidents(String sql, Object... args) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return query(c, sql, rs -> new Incident(rs.getLong("id"), rs.getLong("target_id"),
                    rs.getString("description"), Instant.ofEpochMilli(rs.getLong("down_at")), instant(rs, "up_at"),
                    rs.getString("worker")), args);
        } catch (SQLException e) {
            throw new StoreException("cannot read incidents: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<Long, long[]> uptimeTotals(long fromHour) throws StoreException {
        Map<Long, long[]> out = new HashMap<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT target_id, sum(up), sum(down) FROM uptime_hourly WHERE hour >= ? GROUP BY target_id")) {
            ps.setLong(1, fromHour);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read uptime: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<Long, List<UptimeBucket>> hourlySince(long fromHour) throws StoreException {
        Map<Long, List<UptimeBucket>> out = new HashMap<>();
        for (UptimeBucket b : buckets("SELECT target_id, hour, up, down, latency_sum, latency_n FROM uptime_hourly "
                + "WHERE hour >= ? ORDER BY target_id, hour", fromHour)) {
            out.computeIfAbsent(b.targetId(), k -> new ArrayList<>()).add(b);
        }
        return out;
    }

    @Override
    public List<UptimeBucket> hourly(long targetId, long fromHour) throws StoreException {
        return buckets("SELECT target_id, hour, up, down, latency_sum, latency_n FROM uptime_hourly "
                + "WHERE target_id = ? AND hour >= ? ORDER BY hour", targetId, fromHour);
    }

    @Override
    public List<UptimeBucket> daily(long targetId, long fromDay) throws StoreException {
        return buckets("SELECT target_id, day, up, down, latency_sum, latency_n FROM uptime_daily "
                + "WHERE target_id = ? AND day >= ? ORDER BY day", targetId, fromDay);
    }

    private List<UptimeBucket> buckets(String sql, Object... args) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return query(c, sql, rs -> new UptimeBucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                    rs.getDouble(5), rs.getLong(6)), args);
        } catch (SQLException e) {
            throw new StoreException("cannot read uptime history: " + e.getMessage(), e);
        }
    }

    @Override
    public int rollUp(long beforeHour, long dropBeforeDay) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, () -> {
                try (PreparedStatement fold = c.prepareStatement("""
                         INSERT INTO uptime_daily (target_id, day, up, down, latency_sum, latency_n)
                         SELECT target_id, hour / 24, sum(up), sum(down), sum(latency_sum), sum(latency_n)
                         FROM uptime_hourly WHERE hour < ? GROUP BY target_id, hour / 24
                         ON CONFLICT (target_id, day) DO UPDATE SET up = up + excluded.up,
                             down = down + excluded.down, latency_sum = latency_sum + excluded.latency_sum,
                             latency_n = latency_n + excluded.latency_n""");
                     PreparedStatement drop = c.prepareStatement("DELETE FROM uptime_hourly WHERE hour < ?");
                     PreparedStatement dropDays = c.prepareStatement("DELETE FROM uptime_daily WHERE day < ?")) {
                    fold.setLong(1, beforeHour);
                    fold.executeUpdate();
                    drop.setLong(1, beforeHour);
                    int folded = drop.executeUpdate();
                    dropDays.setLong(1, dropBeforeDay);
                    dropDays.executeUpdate();
                    return folded;
                }
            });
        } catch (SQLException e) {
            throw new StoreException("cannot roll up uptime history: " + e.getMessage(), e);
        }
    }

    private final SqliteHeartbeatStore heartbeats = new SqliteHeartbeatStore(this::connection);

    @Override
    public HeartbeatStore heartbeatStore() {
        return heartbeats;
    }

    @Override
    public ActionRecord openAction(long targetId, String dropletId, String type, Instant requestedAt)
            throws StoreException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO actions (target_id, droplet_id, type, requested_at) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, targetId);
            ps.setString(2, dropletId);
            ps.setString(3, type);
            ps.setLong(4, requestedAt.toEpochMilli());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new ActionRecord(keys.getLong(1), targetId, dropletId, type, requestedAt, null, null, null,
                        null, null);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record an action: " + e.getMessage(), e);
        }
    }

    @Override
    public void finishAction(long id, Integer apiStatus, Long actionId, String finalStatus, String error,
                             Instant finishedAt) throws StoreException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE actions SET api_status = ?, action_id = ?, final_status = ?, error = ?, finished_at = ? "
                        + "WHERE id = ?")) {
            if (apiStatus == null) ps.setNull(1, Types.INTEGER); else ps.setInt(1, apiStatus);
            setLong(ps, 2, actionId);
            ps.setString(3, finalStatus);
            ps.setString(4, error);
            setLong(ps, 5, millis(finishedAt));
            ps.setLong(6, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record an action's outcome: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ActionRecord> actions(Long targetId, int limit) throws StoreException {
        String sql = "SELECT * FROM actions" + (targetId == null ? "" : " WHERE target_id = ?")
                + " ORDER BY id DESC LIMIT ?";
        return queryActions(sql, targetId == null ? new Object[] {limit} : new Object[] {targetId, limit});
    }

    @Override
    public ActionRecord lastAction(String dropletId) throws StoreException {
        List<ActionRecord> last = queryActions("SELECT * FROM actions WHERE droplet_id = ? ORDER BY id DESC LIMIT 1",
                dropletId);
        return last.isEmpty() ? null : last.get(0);
    }

    private List<ActionRecord> queryActions(String sql, Object... args) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return query(c, sql, rs -> {
                Long status = longOrNull(rs, "api_status");
                return new ActionRecord(rs.getLong("id"), rs.getLong("target_id"), rs.getString("droplet_id"),
                        rs.getString("type"), Instant.ofEpochMilli(rs.getLong("requested_at")),
                        status == null ? null : status.intValue(), longOrNull(rs, "action_id"),
                        rs.getString("final_status"), rs.getString("error"), instant(rs, "finished_at"));
            }, args);
        } catch (SQLException e) {
            throw new StoreException("cannot read actions: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
