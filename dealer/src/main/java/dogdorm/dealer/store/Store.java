package dogdorm.dealer.store;

import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.ranking.UptimeBucket;
import java.util.Collection;
import java.util.List;

/**
 * Where the dealer keeps what must survive a restart. The table lives in memory; the store receives what changed
 * since the last flush, in one transaction. Implementations: {@link dogdorm.dealer.store.sqlite.SqliteStore}
 * and {@link MemoryStore}, both held to {@code StoreContract}.
 */
public interface Store extends IncidentStore, UptimeStore, ActionStore, HeartbeatStore, AutoCloseable {

    /** Everything stored: targets, candidates and aliases, and the highest ids ever given out. */
    Loaded load() throws StoreException;

    /**
     * Writes one flush, all or nothing: changed targets (a deleted target takes its history and incidents with
     * it), uptime deltas added to their hourly buckets, changed candidates and aliases.
     */
    void write(Batch batch) throws StoreException;

    default void write(Collection<TargetRow> upserts, Collection<Long> deletes, long lastId,
                       Collection<UptimeBucket> uptimeDeltas) throws StoreException {
        write(new Batch(upserts, deletes, lastId, uptimeDeltas, List.of(), List.of(), 0, List.of(), List.of(), 0));
    }

    default void write(Collection<TargetRow> upserts, Collection<Long> deletes, long lastId) throws StoreException {
        write(upserts, deletes, lastId, List.of());
    }

    @Override
    void close();

    record Loaded(List<TargetRow> targets, long lastId, List<Candidate> candidates, long lastCandidateId,
                  List<Alias> aliases, long lastAliasId) {}

    /** What one flush writes. */
    record Batch(Collection<TargetRow> targets, Collection<Long> deletedTargets, long lastId,
                 Collection<UptimeBucket> uptime, Collection<Candidate> candidates,
                 Collection<Long> deletedCandidates, long lastCandidateId, Collection<Alias> aliases,
                 Collection<Long> deletedAliases, long lastAliasId) {
        public int size() {
            return targets.size() + deletedTargets.size() + candidates.size() + deletedCandidates.size()
                    + aliases.size() + deletedAliases.size();
        }

        public boolean isEmpty() {
            return size() == 0 && uptime.isEmpty();
        }
    }
}
