package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.inTransaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dogdorm.common.Json;
import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.core.Stored;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Transition;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentQuery;
import dogdorm.dealer.maintenance.Window;
import dogdorm.dealer.maintenance.Windows;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Receiver;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.statuspage.StatusPageChanges;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A store on a SQL database through JDBC and a HikariCP pool: loading, the one write per flush (one transaction),
 * and the pages' reads, in SQL that SQLite and PostgreSQL both take ({@code ON CONFLICT} upserts, quoted
 * {@code "user"}, no engine-specific functions). A subclass opens the pool, migrates its schema
 * ({@link Migrations}) and says in words what a failure means on its engine.
 */
public abstract class JdbcStore implements Store {
    private final HikariDataSource pool;
    /** Where the data is, for messages (a file, or a server and database): never a password. */
    private final String where;
    private final ObjectMapper json = Json.newMapper();
    private final TargetRows targetRows = new TargetRows(json);
    private final ImportRows importRows = new ImportRows(json);
    private final OutboxRows outboxRows = new OutboxRows(json);
    private final StatusPageRows statusPageRows = new StatusPageRows(json);
    private final ReceiverRows receiverRows = new ReceiverRows(json);

    protected JdbcStore(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /** What a failure means, in words (disk full, locked by another connection, server gone...). */
    protected abstract String describe(Exception e);

    /**
     * Runs first in every flush's transaction: a store that can lose its right to write (a dealer deposed by
     * another) refuses here, and nothing of the flush is written. Nothing by default.
     */
    protected void beforeWrite(Connection c) throws SQLException {}

    /** A connection from the pool, for a subclass's own statements. */
    protected Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Loaded load() throws StoreException {
        try (Connection c = pool.getConnection()) {
            Map<String, Long> meta = Meta.read(c);
            List<TargetRow> targets = targetRows.load(c);
            List<Candidate> candidates = importRows.candidates(c);
            List<Alias> aliases = importRows.aliases(c);
            Stored core = new Stored(targets, max(meta, "last_id", targets, TargetRow::id), candidates,
                    max(meta, "last_candidate_id", candidates, Candidate::id), aliases,
                    max(meta, "last_alias_id", aliases, Alias::id), IncidentRows.open(c),
                    Math.max(meta.getOrDefault("last_incident_id", 0L), Meta.sequence(c, "incidents")));
            HeartbeatChanges.Stored heartbeats = HeartbeatRows.load(c, meta);
            long lastAction = Math.max(meta.getOrDefault("last_action_id", 0L), Meta.sequence(c, "actions"));
            List<Event> undelivered = outboxRows.load(c);
            long lastEvent = meta.getOrDefault("last_event_id", 0L);
            for (Event e : undelivered) {
                lastEvent = Math.max(lastEvent, e.id());
            }
            StatusPageChanges.Stored statusPages = statusPageRows.load(c, meta);
            return new Loaded(core, heartbeats, ActionRows.newestPerDroplet(c), lastAction, undelivered, lastEvent,
                    statusPages);
        } catch (SQLException | IllegalArgumentException e) {
            throw new StoreException("cannot load from " + where + ": " + e.getMessage(), e);
        }
    }

    private static <T> long max(Map<String, Long> meta, String key, List<T> rows, ToLongFunction<T> id) {
        long max = meta.getOrDefault(key, 0L);
        for (T r : rows) {
            max = Math.max(max, id.applyAsLong(r));
        }
        return max;
    }

    /**
     * Writes one flush in one transaction. Order matters: deleted targets first (with their incidents and
     * history), since a target added in the same flush may have a deleted one's key (a list row replaced, a
     * candidate validated again); then rows, then what refers to them, leaving out incidents of targets deleted.
     */
    @Override
    public void write(Batch batch) throws StoreException {
        Changes core = batch.core();
        try (Connection c = pool.getConnection()) {
            inTransaction(c, () -> {
                beforeWrite(c);
                TargetRows.delete(c, core.deletedTargets());
                targetRows.write(c, core.targets());
                Set<Long> deleted = Set.copyOf(core.deletedTargets());
                IncidentRows.write(c, core.incidents().stream().filter(i -> !deleted.contains(i.targetId())).toList());
                UptimeRows.add(c, core.uptime());
                importRows.writeCandidates(c, core.candidates(), core.deletedCandidates());
                importRows.writeAliases(c, core.aliases(), core.deletedAliases());
                HeartbeatRows.write(c, batch.heartbeats());
                ActionRows.write(c, batch.actions().actions());
                outboxRows.write(c, batch.events(), batch.delivered().ids());
                statusPageRows.write(c, batch.statusPages());
                Meta.raise(c, Map.of("last_id", core.lastTargetId(), "last_candidate_id", core.lastCandidateId(),
                        "last_alias_id", core.lastAliasId(), "last_incident_id", core.lastIncidentId(),
                        "last_heartbeat_id", batch.heartbeats().lastId(), "last_action_id",
                        batch.actions().lastId(), "last_event_id", lastEventId(batch),
                        "last_ping_id", batch.heartbeats().pings().stream().mapToLong(Ping::id).max().orElse(0),
                        "last_transition_id", batch.heartbeats().transitions().stream().mapToLong(Transition::id)
                                .max().orElse(0), "last_status_page_id", batch.statusPages().lastId()));
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot write the flush (" + batch.size() + " rows) to " + where + ": "
                    + describe(e), e);
        }
    }

    @Override
    public List<Incident> incidents(long targetId, int limit) throws StoreException {
        return read("incidents", c -> IncidentRows.forTarget(c, targetId, limit));
    }

    @Override
    public List<Incident> openIncidents() throws StoreException {
        return read("incidents", IncidentRows::open);
    }

    @Override
    public List<Incident> incidentsMatching(IncidentQuery query, int limit) throws StoreException {
        return read("incidents", c -> IncidentRows.matching(c, query, limit));
    }

    @Override
    public Map<Long, long[]> uptimeTotals(long fromHour) throws StoreException {
        return read("uptime", c -> UptimeRows.totals(c, fromHour));
    }

    @Override
    public Map<Long, List<UptimeBucket>> hourlySince(long fromHour) throws StoreException {
        return read("uptime history", c -> UptimeRows.hourlySince(c, fromHour));
    }

    @Override
    public List<UptimeBucket> hourly(long targetId, long fromHour) throws StoreException {
        return read("uptime history", c -> UptimeRows.hourly(c, targetId, fromHour));
    }

    @Override
    public List<UptimeBucket> daily(long targetId, long fromDay) throws StoreException {
        return read("uptime history", c -> UptimeRows.daily(c, targetId, fromDay));
    }

    @Override
    public Map<Long, List<UptimeBucket>> dailySince(Collection<Long> targetIds, long fromDay) throws StoreException {
        return read("uptime history", c -> UptimeRows.dailySince(c, targetIds, fromDay));
    }

    @Override
    public int rollUp(long beforeHour, long dropBeforeDay) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, () -> UptimeRows.rollUp(c, beforeHour, dropBeforeDay));
        } catch (SQLException e) {
            throw new StoreException("cannot roll up uptime history in " + where + ": " + describe(e), e);
        }
    }

    @Override
    public List<Ping> pings(long heartbeatId, int limit) throws StoreException {
        return read("the pings of heartbeat #" + heartbeatId, c -> HeartbeatRows.pings(c, heartbeatId, limit));
    }

    @Override
    public List<Transition> transitions(long heartbeatId, int limit) throws StoreException {
        return read("the transitions of heartbeat #" + heartbeatId,
                c -> HeartbeatRows.transitions(c, heartbeatId, limit));
    }

    @Override
    public List<ActionRecord> actionsMatching(ActionQuery query, int limit) throws StoreException {
        return read("actions", c -> ActionRows.list(c, query, limit));
    }

    @Override
    public Windows.Stored maintenanceWindows() throws StoreException {
        return read("maintenance windows", MaintenanceRows::load);
    }

    @Override
    public void saveMaintenanceWindow(Window w) throws StoreException {
        writeThrough("maintenance window #" + w.id(), c -> {
            MaintenanceRows.save(c, w);
            return null;
        });
    }

    @Override
    public boolean deleteMaintenanceWindow(long id) throws StoreException {
        return writeThrough("the deletion of maintenance window #" + id, c -> MaintenanceRows.delete(c, id));
    }

    /** A write of its own, in one transaction, behind the same epoch check as a flush. */
    private <T> T writeThrough(String what, Read<T> write) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, () -> {
                beforeWrite(c);
                return write.from(c);
            });
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot write " + what + " to " + where + ": " + describe(e), e);
        }
    }

    @Override
    public List<Receiver> receivers() throws StoreException {
        return read("notification receivers", receiverRows::all);
    }

    @Override
    public Receiver addReceiver(Receiver r) throws StoreException {
        return writeThrough("a new notification receiver", c -> receiverRows.add(c, r));
    }

    @Override
    public boolean updateReceiver(Receiver r) throws StoreException {
        return writeThrough("notification receiver #" + r.id(), c -> receiverRows.update(c, r));
    }

    @Override
    public boolean deleteReceiver(long id) throws StoreException {
        return writeThrough("the deletion of notification receiver #" + id, c -> ReceiverRows.delete(c, id));
    }

    private static long lastEventId(Batch batch) {
        long last = batch.delivered().lastId();
        for (Event e : batch.events()) {
            last = Math.max(last, e.id());
        }
        return last;
    }

    /** A read on a pooled connection. */
    private interface Read<T> {
        T from(Connection c) throws SQLException;
    }

    private <T> T read(String what, Read<T> read) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return read.from(c);
        } catch (SQLException | IllegalArgumentException e) {
            throw new StoreException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
