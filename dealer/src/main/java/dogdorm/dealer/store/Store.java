package dogdorm.dealer.store;

import java.util.Collection;
import java.util.List;

/**
 * Where the dealer keeps what must survive a restart. The table lives in memory; the store receives what changed
 * since the last flush, in one transaction. Implementations: {@link dogdorm.dealer.store.sqlite.SqliteStore}
 * and {@link MemoryStore}, both held to {@code StoreContract}.
 */
public interface Store extends IncidentStore, AutoCloseable {

    /** Everything stored: the targets and the highest id ever given out. */
    Loaded load() throws StoreException;

    /** Writes changed rows and deletes removed ones, all or nothing. */
    void write(Collection<TargetRow> upserts, Collection<Long> deletes, long lastId) throws StoreException;

    @Override
    void close();

    record Loaded(List<TargetRow> targets, long lastId) {}
}
