package dogdorm.dealer.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeMap;
import dogdorm.dealer.table.TargetKey;

/** A store in memory, for tests and for running without a disk. Can be told to fail, to test flush errors. */
public final class MemoryStore implements Store {
    private final TreeMap<Long, TargetRow> rows = new TreeMap<>();
    private long lastId;
    private volatile boolean failing;
    private int writes;

    @Override
    public synchronized Loaded load() {
        return new Loaded(new ArrayList<>(rows.values()), lastId);
    }

    @Override
    public synchronized void write(Collection<TargetRow> upserts, Collection<Long> deletes, long lastId)
            throws StoreException {
        if (failing) {
            throw new StoreException("memory store told to fail", null);
        }
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
        java.util.Set<TargetKey> keys = new java.util.HashSet<>();
        for (TargetRow r : next.values()) {
            if (!keys.add(TargetKey.of(r.spec()))) {
                throw new StoreException("two targets with the key " + TargetKey.of(r.spec()), null);
            }
        }
        rows.clear();
        rows.putAll(next);
        this.lastId = Math.max(this.lastId, lastId);
        writes++;
    }

    public void failing(boolean fail) {
        this.failing = fail;
    }

    public synchronized int writes() {
        return writes;
    }

    @Override
    public void close() {}
}
