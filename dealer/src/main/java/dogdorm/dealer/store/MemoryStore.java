package dogdorm.dealer.store;

import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.table.TargetKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A store in memory, for tests and for running without a disk. Can be told to fail, to test flush errors. */
public final class MemoryStore implements Store, ForwardingHeartbeatStore {
    private final TreeMap<Long, TargetRow> rows = new TreeMap<>();
    private long lastId;
    private volatile boolean failing;

    private final TreeMap<Long, Candidate> candidates = new TreeMap<>();
    private final TreeMap<Long, Alias> aliases = new TreeMap<>();
    private long lastCandidateId;
    private long lastAliasId;

    @Override
    public synchronized Loaded load() {
        return new Loaded(new ArrayList<>(rows.values()), lastId,
                candidates.values().stream().map(Candidate::copy).toList(), lastCandidateId,
                aliases.values().stream().map(Alias::copy).toList(), lastAliasId);
    }

    @Override
    public synchronized void write(Batch batch) throws StoreException {
        Collection<TargetRow> upserts = batch.targets();
        Collection<Long> deletes = batch.deletedTargets();
        Collection<UptimeBucket> uptimeDeltas = batch.uptime();
        long lastId = batch.lastId();
        check();
        TreeMap<Long, TargetRow> next = new TreeMap<>(rows);
        for (Long id : deletes) {
            next.remove(id);
        }
        for (TargetRow r : upserts) {
            TargetRow old = next.get(r.id());
            var spec = r.spec() != null ? r.spec() : old == null ? null : old.spec();
            if (spec == null) {
                throw new StoreException("stats for target #" + r.id() + " which has no row", null);
            }
            next.put(r.id(), new TargetRow(r.id(), spec, r.stats().copy(), r.nextDue()));
        }
        // the same uniqueness the SQLite store's index enforces
        Set<TargetKey> keys = new HashSet<>();
        for (TargetRow r : next.values()) {
            if (!keys.add(TargetKey.of(r.spec()))) {
                throw new StoreException("two targets with the key " + TargetKey.of(r.spec()), null);
            }
        }
        rows.clear();
        rows.putAll(next);
        incidents.removeIf(i -> deletes.contains(i.targetId()));
        hourly.keySet().removeIf(k -> deletes.contains(k[0]));
        daily.keySet().removeIf(k -> deletes.contains(k[0]));
        for (UptimeBucket d : uptimeDeltas) {
            hourly.merge(new Long[] {d.targetId(), d.period()}, d, UptimeBucket::plus);
        }
        this.lastId = Math.max(this.lastId, lastId);
        for (Long id : batch.deletedCandidates()) {
            candidates.remove(id);
        }
        for (Candidate c : batch.candidates()) {
            candidates.put(c.id(), c.copy());
        }
        lastCandidateId = Math.max(lastCandidateId, batch.lastCandidateId());
        for (Long id : batch.deletedAliases()) {
            aliases.remove(id);
        }
        for (Alias a : batch.aliases()) {
            aliases.put(a.id(), a.copy());
        }
        lastAliasId = Math.max(lastAliasId, batch.lastAliasId());
    }

    private final List<Incident> incidents = new ArrayList<>();

    @Override
    public synchronized Incident openIncident(long targetId, String description, Instant downAt, String worker)
            throws StoreException {
        check();
        Incident i = new Incident(incidents.size() + 1, targetId, description, downAt, null, worker);
        incidents.add(i);
        return i;
    }

    @Override
    public synchronized void closeIncident(long id, Instant upAt) throws StoreException {
        check();
        Incident i = incidents.get((int) id - 1);
        if (i.open()) {
            incidents.set((int) id - 1, i.closed(upAt));
        }
    }

    @Override
    public synchronized List<Incident> incidents(long targetId, int limit) {
        List<Incident> out = new ArrayList<>();
        for (int k = incidents.size() - 1; k >= 0 && out.size() < limit; k--) {
            if (incidents.get(k).targetId() == targetId) {
                out.add(incidents.get(k));
            }
        }
        return out;
    }

    @Override
    public synchronized List<Incident> openIncidents() {
        return incidents.stream().filter(Incident::open).toList();
    }

    private static final Comparator<Long[]> BY_KEY = Comparator.<Long[]>comparingLong(k -> k[0])
            .thenComparingLong(k -> k[1]);
    private final TreeMap<Long[], UptimeBucket> hourly = new TreeMap<>(BY_KEY);
    private final TreeMap<Long[], UptimeBucket> daily = new TreeMap<>(BY_KEY);

    @Override
    public synchronized Map<Long, long[]> uptimeTotals(long fromHour) {
        Map<Long, long[]> out = new HashMap<>();
        for (UptimeBucket b : hourly.values()) {
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
        for (UptimeBucket b : hourly.values()) {
            if (b.period() >= fromHour) {
                out.computeIfAbsent(b.targetId(), k -> new ArrayList<>()).add(b);
            }
        }
        return out;
    }

    @Override
    public synchronized List<UptimeBucket> hourly(long targetId, long fromHour) {
        return hourly.values().stream().filter(b -> b.targetId() == targetId && b.period() >= fromHour).toList();
    }

    @Override
    public synchronized List<UptimeBucket> daily(long targetId, long fromDay) {
        return daily.values().stream().filter(b -> b.targetId() == targetId && b.period() >= fromDay).toList();
    }

    @Override
    public synchronized int rollUp(long beforeHour, long dropBeforeDay) {
        int folded = 0;
        for (var it = hourly.entrySet().iterator(); it.hasNext(); ) {
            UptimeBucket b = it.next().getValue();
            if (b.period() < beforeHour) {
                long day = UptimeBucket.dayOf(b.period());
                daily.merge(new Long[] {b.targetId(), day}, new UptimeBucket(b.targetId(), day, b.up(), b.down(),
                        b.latencySumMs(), b.latencyN()), UptimeBucket::plus);
                it.remove();
                folded++;
            }
        }
        daily.values().removeIf(b -> b.period() < dropBeforeDay);
        return folded;
    }

    private final List<ActionRecord> actions = new ArrayList<>();

    @Override
    public synchronized ActionRecord openAction(long targetId, String dropletId, String type,
                                                                    Instant requestedAt) {
        var a = new ActionRecord(actions.size() + 1, targetId, dropletId, type, requestedAt,
                null, null, null, null, null);
        actions.add(a);
        return a;
    }

    @Override
    public synchronized void finishAction(long id, Integer apiStatus, Long actionId, String finalStatus,
                                          String error, Instant finishedAt) {
        var a = actions.get((int) id - 1);
        actions.set((int) id - 1, new ActionRecord(a.id(), a.targetId(), a.dropletId(),
                a.type(), a.requestedAt(), apiStatus, actionId, finalStatus, error, finishedAt));
    }

    @Override
    public synchronized ActionRecord lastAction(String dropletId) {
        for (int k = actions.size() - 1; k >= 0; k--) {
            if (actions.get(k).dropletId().equals(dropletId)) {
                return actions.get(k);
            }
        }
        return null;
    }

    @Override
    public synchronized List<ActionRecord> actions(Long targetId, int limit) {
        List<ActionRecord> out = new ArrayList<>();
        for (int k = actions.size() - 1; k >= 0 && out.size() < limit; k--) {
            if (targetId == null || actions.get(k).targetId() == targetId) {
                out.add(actions.get(k));
            }
        }
        return out;
    }

    private final MemoryHeartbeatStore heartbeats = new MemoryHeartbeatStore(() -> failing);

    @Override
    public HeartbeatStore heartbeatStore() {
        return heartbeats;
    }

    private void check() throws StoreException {
        if (failing) {
            throw new StoreException("memory store told to fail", null);
        }
    }

    public void failing(boolean fail) {
        this.failing = fail;
    }

    @Override
    public void close() {}
}
