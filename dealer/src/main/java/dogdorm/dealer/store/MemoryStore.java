package dogdorm.dealer.store;

import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.core.Stored;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.heartbeat.Heartbeat;
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
import dogdorm.dealer.statuspage.StatusPage;
import dogdorm.dealer.statuspage.StatusPageChanges;
import dogdorm.dealer.table.TargetKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A store in memory, for tests and benchmarks. Can be told to fail, to test flush errors. A write is all or
 * nothing, like the SQLite store's transaction: it is applied to a copy that replaces the tables only when whole.
 */
public final class MemoryStore implements Store {
    /** Every table, copied whole for each write (tests write little). */
    private static final class Tables {
        final TreeMap<Long, TargetRow> targets = new TreeMap<>();
        final TreeMap<Long, Candidate> candidates = new TreeMap<>();
        final TreeMap<Long, Alias> aliases = new TreeMap<>();
        final TreeMap<Long, Incident> incidents = new TreeMap<>();
        final TreeMap<Long, ActionRecord> actions = new TreeMap<>();
        final TreeMap<Long, Heartbeat> heartbeats = new TreeMap<>();
        final TreeMap<Long, Ping> pings = new TreeMap<>();
        final TreeMap<Long, Transition> transitions = new TreeMap<>();
        final TreeMap<Long, Event> outbox = new TreeMap<>();
        final TreeMap<Long, StatusPage> statusPages = new TreeMap<>();
        final TreeMap<Long, Receiver> receivers = new TreeMap<>();
        final Map<String, Long> last = new HashMap<>();
        final TreeMap<Long[], UptimeBucket> hourly = new TreeMap<>(BY_KEY);
        final TreeMap<Long[], UptimeBucket> daily = new TreeMap<>(BY_KEY);

        Tables copy() {
            Tables t = new Tables();
            t.targets.putAll(targets);
            t.candidates.putAll(candidates);
            t.aliases.putAll(aliases);
            t.incidents.putAll(incidents);
            t.actions.putAll(actions);
            t.heartbeats.putAll(heartbeats);
            t.pings.putAll(pings);
            t.transitions.putAll(transitions);
            t.outbox.putAll(outbox);
            t.statusPages.putAll(statusPages);
            t.receivers.putAll(receivers);
            t.last.putAll(last);
            t.hourly.putAll(hourly);
            t.daily.putAll(daily);
            return t;
        }

        long last(String key) {
            return last.getOrDefault(key, 0L);
        }

        void raise(String key, long value) {
            last.merge(key, value, Math::max);
        }
    }

    private static final Comparator<Long[]> BY_KEY = Comparator.<Long[]>comparingLong(k -> k[0])
            .thenComparingLong(k -> k[1]);

    private Tables tables = new Tables();
    /** Written through, apart from the flush's tables. */
    private final TreeMap<Long, Window> windows = new TreeMap<>();
    private long lastWindowId;
    private volatile boolean failing;
    private volatile Runnable beforeWrite = () -> { };

    @Override
    public synchronized Loaded load() {
        Tables t = tables;
        Map<String, ActionRecord> newest = new HashMap<>();
        t.actions.values().forEach(a -> newest.put(a.dropletId(), a));
        Stored core = new Stored(new ArrayList<>(t.targets.values()), t.last("targets"),
                t.candidates.values().stream().map(Candidate::copy).toList(), t.last("candidates"),
                t.aliases.values().stream().map(Alias::copy).toList(), t.last("aliases"),
                t.incidents.values().stream().filter(Incident::open).toList(), t.last("incidents"));
        return new Loaded(core, new HeartbeatChanges.Stored(new ArrayList<>(t.heartbeats.values()),
                t.last("heartbeats"), t.last("pings"), t.last("transitions")),
                newest.values().stream().sorted(Comparator.comparingLong(ActionRecord::id)).toList(),
                t.last("actions"), new ArrayList<>(t.outbox.values()), t.last("events"),
                new StatusPageChanges.Stored(new ArrayList<>(t.statusPages.values()), t.last("status pages")));
    }

    @Override
    public synchronized void write(Batch batch) throws StoreException {
        beforeWrite.run();
        check();
        Tables t = tables.copy();
        Changes c = batch.core();
        for (TargetRow r : c.targets()) {
            TargetRow old = t.targets.get(r.id());
            var spec = r.spec() != null ? r.spec() : old == null ? null : old.spec();
            if (spec == null) {
                throw new StoreException("stats for target #" + r.id() + " which has no row", null);
            }
            t.targets.put(r.id(), new TargetRow(r.id(), spec, r.stats().copy(), r.nextDue(),
                    r.checks() != null ? r.checks() : old == null || old.checks() == null ? List.of() : old.checks()));
            t.raise("targets", r.id());
        }
        for (Incident i : c.incidents()) {
            t.incidents.put(i.id(), i);
            t.raise("incidents", i.id());
        }
        Set<Long> gone = c.deletedTargets();
        t.targets.keySet().removeAll(gone);
        t.incidents.values().removeIf(i -> gone.contains(i.targetId()));
        t.hourly.keySet().removeIf(k -> gone.contains(k[0]));
        t.daily.keySet().removeIf(k -> gone.contains(k[0]));
        // the same uniqueness the SQLite store's index enforces
        Set<TargetKey> keys = new HashSet<>();
        for (TargetRow r : t.targets.values()) {
            if (!keys.add(TargetKey.of(r.spec()))) {
                throw new StoreException("two targets with the key " + TargetKey.of(r.spec()), null);
            }
        }
        for (UptimeBucket d : c.uptime()) {
            t.hourly.merge(new Long[] {d.targetId(), d.period()}, d, UptimeBucket::plus);
        }
        t.candidates.keySet().removeAll(c.deletedCandidates());
        c.candidates().forEach(k -> t.candidates.put(k.id(), k.copy()));
        t.aliases.keySet().removeAll(c.deletedAliases());
        c.aliases().forEach(a -> t.aliases.put(a.id(), a.copy()));
        writeHeartbeats(t, batch.heartbeats());
        Map<String, Long> tokens = new HashMap<>();
        for (Heartbeat h : t.heartbeats.values()) {
            Long other = tokens.put(h.token(), h.id());
            if (other != null) { // the SQLite store's unique index; never the token in the message
                throw new StoreException("heartbeats #" + other + " and #" + h.id() + " have the same token", null);
            }
        }
        for (ActionRecord a : batch.actions().actions()) {
            t.actions.put(a.id(), a);
            t.raise("actions", a.id());
        }
        t.raise("targets", c.lastTargetId());
        t.raise("candidates", c.lastCandidateId());
        t.raise("aliases", c.lastAliasId());
        t.raise("incidents", c.lastIncidentId());
        t.raise("actions", batch.actions().lastId());
        for (Event e : batch.events()) {
            t.outbox.putIfAbsent(e.id(), e);
            t.raise("events", e.id());
        }
        t.outbox.keySet().removeAll(batch.delivered().ids());
        t.raise("events", batch.delivered().lastId());
        writeStatusPages(t, batch.statusPages());
        tables = t;
    }

    private static void writeHeartbeats(Tables t, HeartbeatChanges h) {
        for (Heartbeat hb : h.saved()) {
            t.heartbeats.put(hb.id(), hb);
            t.raise("heartbeats", hb.id());
        }
        t.raise("heartbeats", h.lastId());
        for (Long id : h.deleted()) {
            t.heartbeats.remove(id);
            t.pings.values().removeIf(p -> p.heartbeatId() == id);
            t.transitions.values().removeIf(x -> x.heartbeatId() == id);
        }
        for (Ping p : h.pings()) {
            if (t.heartbeats.containsKey(p.heartbeatId())) {
                t.pings.put(p.id(), p);
                t.raise("pings", p.id());
            }
        }
        for (Transition x : h.transitions()) {
            if (t.heartbeats.containsKey(x.heartbeatId())) {
                t.transitions.put(x.id(), x);
                t.raise("transitions", x.id());
            }
        }
        for (Long id : t.heartbeats.keySet()) {
            trim(t.pings, p -> p.heartbeatId() == id, Ping.KEPT);
            trim(t.transitions, x -> x.heartbeatId() == id, TRANSITIONS_KEPT);
        }
    }

    private static void writeStatusPages(Tables t, StatusPageChanges changes) throws StoreException {
        t.statusPages.keySet().removeAll(changes.deleted());
        for (StatusPage p : changes.saved()) {
            t.statusPages.put(p.id(), p);
            t.raise("status pages", p.id());
        }
        t.raise("status pages", changes.lastId());
        Set<String> slugs = new HashSet<>();
        for (StatusPage p : t.statusPages.values()) {
            if (!slugs.add(p.slug())) { // the SQL stores' unique index
                throw new StoreException("two status pages with the slug '" + p.slug() + "'", null);
            }
        }
    }

    /** Keeps the newest {@code keep} rows that pass {@code of}. */
    private static <T> void trim(TreeMap<Long, T> rows, Predicate<T> of, int keep) {
        List<Long> ids = rows.entrySet().stream().filter(e -> of.test(e.getValue())).map(Map.Entry::getKey).toList();
        for (int i = 0; i < ids.size() - keep; i++) {
            rows.remove(ids.get(i));
        }
    }

    /** The newest rows first that pass {@code test}, at most {@code limit}. */
    private static <T> List<T> newest(TreeMap<Long, T> rows, Predicate<T> test, int limit) {
        return rows.descendingMap().values().stream().filter(test).limit(limit).toList();
    }

    @Override
    public synchronized List<Incident> incidents(long targetId, int limit) {
        return newest(tables.incidents, i -> i.targetId() == targetId, limit);
    }

    @Override
    public synchronized List<Incident> openIncidents() {
        return tables.incidents.values().stream().filter(Incident::open).toList();
    }

    @Override
    public synchronized List<ActionRecord> actionsMatching(ActionQuery query, int limit) {
        return newest(tables.actions, query::matches, limit);
    }

    @Override
    public synchronized List<Incident> incidentsMatching(IncidentQuery query, int limit) {
        return newest(tables.incidents, query::matches, limit);
    }

    @Override
    public synchronized List<Ping> pings(long heartbeatId, int limit) {
        return newest(tables.pings, p -> p.heartbeatId() == heartbeatId, limit);
    }

    @Override
    public synchronized List<Transition> transitions(long heartbeatId, int limit) {
        return newest(tables.transitions, x -> x.heartbeatId() == heartbeatId, limit);
    }

    @Override
    public synchronized Map<Long, long[]> uptimeTotals(long fromHour) {
        Map<Long, long[]> out = new HashMap<>();
        for (UptimeBucket b : tables.hourly.values()) {
            if (b.period() >= fromHour) {
                long[] t = out.computeIfAbsent(b.targetId(), k -> new long[2]);
                t[0] += b.up();
                t[1] += b.down();
            }
        }
        return out;
    }

    @Override
    public synchronized Map<Long, List<UptimeBucket>> hourlySince(long fromHour) {
        Map<Long, List<UptimeBucket>> out = new HashMap<>();
        for (UptimeBucket b : tables.hourly.values()) {
            if (b.period() >= fromHour) {
                out.computeIfAbsent(b.targetId(), k -> new ArrayList<>()).add(b);
            }
        }
        return out;
    }

    @Override
    public synchronized List<UptimeBucket> hourly(long targetId, long fromHour) {
        return tables.hourly.values().stream().filter(b -> b.targetId() == targetId && b.period() >= fromHour)
                .toList();
    }

    @Override
    public synchronized List<UptimeBucket> daily(long targetId, long fromDay) {
        return tables.daily.values().stream().filter(b -> b.targetId() == targetId && b.period() >= fromDay).toList();
    }

    @Override
    public synchronized Map<Long, List<UptimeBucket>> dailySince(Collection<Long> targetIds, long fromDay) {
        Map<Long[], UptimeBucket> days = new TreeMap<>(BY_KEY);
        for (UptimeBucket b : tables.hourly.values()) {
            long day = UptimeBucket.dayOf(b.period());
            if (targetIds.contains(b.targetId()) && day >= fromDay) {
                days.merge(new Long[] {b.targetId(), day}, new UptimeBucket(b.targetId(), day, b.up(), b.down(),
                        b.latencySumMs(), b.latencyN()), UptimeBucket::plus);
            }
        }
        for (UptimeBucket b : tables.daily.values()) {
            if (targetIds.contains(b.targetId()) && b.period() >= fromDay) {
                days.merge(new Long[] {b.targetId(), b.period()}, b, UptimeBucket::plus);
            }
        }
        Map<Long, List<UptimeBucket>> out = new HashMap<>();
        days.values().forEach(b -> out.computeIfAbsent(b.targetId(), k -> new ArrayList<>()).add(b));
        return out;
    }

    @Override
    public synchronized int rollUp(long beforeHour, long dropBeforeDay) throws StoreException {
        check();
        int folded = 0;
        for (var it = tables.hourly.entrySet().iterator(); it.hasNext(); ) {
            UptimeBucket b = it.next().getValue();
            if (b.period() < beforeHour) {
                long day = UptimeBucket.dayOf(b.period());
                tables.daily.merge(new Long[] {b.targetId(), day}, new UptimeBucket(b.targetId(), day, b.up(),
                        b.down(), b.latencySumMs(), b.latencyN()), UptimeBucket::plus);
                it.remove();
                folded++;
            }
        }
        tables.daily.values().removeIf(b -> b.period() < dropBeforeDay);
        return folded;
    }

    @Override
    public synchronized Windows.Stored maintenanceWindows() {
        return new Windows.Stored(new ArrayList<>(windows.values()), lastWindowId);
    }

    @Override
    public synchronized void saveMaintenanceWindow(Window w) throws StoreException {
        check();
        windows.put(w.id(), w);
        lastWindowId = Math.max(lastWindowId, w.id());
    }

    @Override
    public synchronized boolean deleteMaintenanceWindow(long id) throws StoreException {
        check();
        return windows.remove(id) != null;
    }

    @Override
    public synchronized List<Receiver> receivers() {
        return List.copyOf(tables.receivers.values());
    }

    @Override
    public synchronized Receiver addReceiver(Receiver r) throws StoreException {
        check();
        long id = tables.last("receivers") + 1;
        Receiver stored = r.withId(id, r.created());
        tables.receivers.put(id, stored);
        tables.raise("receivers", id);
        return stored;
    }

    @Override
    public synchronized boolean updateReceiver(Receiver r) throws StoreException {
        check();
        Receiver old = tables.receivers.get(r.id());
        if (old == null) {
            return false;
        }
        tables.receivers.put(r.id(), r.withId(r.id(), old.created()));
        return true;
    }

    @Override
    public synchronized boolean deleteReceiver(long id) throws StoreException {
        check();
        return tables.receivers.remove(id) != null;
    }

    private void check() throws StoreException {
        if (failing) {
            throw new StoreException("memory store told to fail", null);
        }
    }

    /** Makes every write fail (or work again), as a full or locked disk would. */
    public void failing(boolean fail) {
        this.failing = fail;
    }

    /** Runs {@code r} at the start of every write, while it is under way (tests look at what is reported then). */
    public void beforeWrite(Runnable r) {
        this.beforeWrite = r;
    }

    @Override
    public void close() {}
}
