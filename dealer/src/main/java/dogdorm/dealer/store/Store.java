package dogdorm.dealer.store;

import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.core.Stored;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import java.util.List;

/**
 * Where the dealer keeps what must survive a restart. Everything lives in memory; the one flusher hands the store
 * what changed, and {@link #write} stores it in one transaction. The read roles ({@link IncidentStore},
 * {@link UptimeStore}, {@link ActionStore}, {@link HeartbeatStore}) serve the pages. Implementations:
 * {@code SqliteStore} (the sqlite package) and {@link MemoryStore}, both held to {@code StoreContract}.
 */
public interface Store extends IncidentStore, UptimeStore, ActionStore, HeartbeatStore, AutoCloseable {

    /** Everything the dealer starts from. */
    Loaded load() throws StoreException;

    /** Writes one flush, all or nothing. Called by the flusher's thread only. */
    void write(Batch batch) throws StoreException;

    @Override
    void close();

    /**
     * What the dealer starts from: the state core's tables, the heartbeat tokens, the newest audited action of each
     * droplet, and the highest action id given.
     */
    record Loaded(Stored core, HeartbeatChanges.Stored heartbeats, List<ActionRecord> newestActions,
                  long lastActionId) {}

    /** What one flush writes: the state core's changes, the heartbeat tokens' and the audit's. */
    record Batch(Changes core, HeartbeatChanges heartbeats, ActionLog.Changes actions) {
        public Batch {
            core = core == null ? Changes.none() : core;
            heartbeats = heartbeats == null ? HeartbeatChanges.none() : heartbeats;
            actions = actions == null ? new ActionLog.Changes(List.of(), 0) : actions;
        }

        public static Batch of(Changes core) {
            return new Batch(core, null, null);
        }

        public int size() {
            return core.size() + heartbeats.size() + actions.actions().size();
        }

        public boolean isEmpty() {
            return core.isEmpty() && heartbeats.size() == 0 && actions.actions().isEmpty();
        }
    }
}
