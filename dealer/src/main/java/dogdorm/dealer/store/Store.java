package dogdorm.dealer.store;

import dogdorm.dealer.ranking.UptimeBucket;
import java.util.Collection;
import java.util.List;

/**
 * Where the dealer keeps what must survive a restart. The table lives in memory; the store receives what changed
 * since the last flush, in one transaction. Implementations: {@link dogdorm.dealer.store.sqlite.SqliteStore}
 * and {@link MemoryStore}, both held to {@code StoreContract}.
 */
public interface Store extends IncidentStore, UptimeStore, AutoCloseable {

    /** Everything stored: the targets and the highest id ever given out. */
    Loaded load() throws StoreException;

    /**
     * Writes changed rows, deletes removed ones (with their history and incidents) and adds uptime deltas to
     * their hourly buckets, all or nothing.
     */
    void write(Collection<TargetRow> upserts, Collection<Long> deletes, long lastId,
               Collection<UptimeBucket> uptimeDeltas) throws StoreException;

    default void write(Collection<TargetRow> upserts, Collection<Long> deletes, long lastId) throws StoreException {
        write(upserts, deletes, lastId, List.of());
    }

    @Override
    void close();

    record Loaded(List<TargetRow> targets, long lastId) {}
}
