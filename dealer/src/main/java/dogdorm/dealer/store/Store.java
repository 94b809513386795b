package dogdorm.dealer.store;

import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.core.Stored;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.statuspage.StatusPageChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the dealer keeps what must survive a restart. Everything lives in memory; the one flusher hands the store
 * what changed, and {@link #write} stores it in one transaction. The read roles ({@link IncidentStore},
 * {@link UptimeStore}, {@link ActionStore}, {@link HeartbeatStore}) serve the pages; the maintenance windows
 * ({@link MaintenanceStore}) and the notification receivers ({@link ReceiverStore}) are written one change at a
 * time. Implementations: {@code SqliteStore} (the sqlite package) and {@link MemoryStore}, both held to
 * {@code StoreContract}.
 */
public interface Store extends IncidentStore, UptimeStore, ActionStore, HeartbeatStore, MaintenanceStore, ReceiverStore,
        AutoCloseable {

    /** Everything the dealer starts from. */
    Loaded load() throws StoreException;

    /**
     * The key that signs leases when the dealers of this store share one (so the one that takes over knows its
     * predecessor's leases), made on first use; null when the store has none: the data folder keeps the key then.
     */
    default byte[] sharedLeaseKey() throws StoreException {
        return null;
    }

    /**
     * Says where this dealer answers ({@code --url}), so dealers standing by on the same database can name the one
     * that leads. A store that only one dealer can open has no one to tell.
     */
    default void announce(String url) throws StoreException {}

    /** Writes one flush, all or nothing. Called by the flusher's thread only. */
    void write(Batch batch) throws StoreException;

    @Override
    void close();

    /**
     * What the dealer starts from: the state core's tables, the heartbeat tokens, the newest audited action of each
     * droplet and the highest action id given, the events not yet delivered and the highest event id given, and
     * the status pages.
     */
    record Loaded(Stored core, HeartbeatChanges.Stored heartbeats, List<ActionRecord> newestActions,
                  long lastActionId, List<Event> undelivered, long lastEventId, StatusPageChanges.Stored statusPages) {}

    /**
     * What one flush writes: the state core's changes, the heartbeat tokens' and the audit's (each with the events
     * its changes cause), the events every webhook is done with, and the status pages' changes.
     */
    record Batch(Changes core, HeartbeatChanges heartbeats, ActionLog.Changes actions, Outbox.Delivered delivered,
                 StatusPageChanges statusPages) {
        public Batch {
            core = core == null ? Changes.none() : core;
            heartbeats = heartbeats == null ? HeartbeatChanges.none() : heartbeats;
            actions = actions == null ? new ActionLog.Changes(List.of(), 0) : actions;
            delivered = delivered == null ? new Outbox.Delivered(Set.of(), 0) : delivered;
            statusPages = statusPages == null ? StatusPageChanges.none() : statusPages;
        }

        /** A batch without status page changes. */
        public Batch(Changes core, HeartbeatChanges heartbeats, ActionLog.Changes actions, Outbox.Delivered delivered) {
            this(core, heartbeats, actions, delivered, null);
        }

        public static Batch of(Changes core) {
            return new Batch(core, null, null, null);
        }

        /** The events to add to the outbox: those the core's and the heartbeats' changes cause. */
        public List<Event> events() {
            List<Event> all = new ArrayList<>(core.events());
            all.addAll(heartbeats.events());
            return all;
        }

        public int size() {
            return core.size() + heartbeats.size() + actions.actions().size() + delivered.ids().size()
                    + statusPages.size();
        }

        public boolean isEmpty() {
            return core.isEmpty() && heartbeats.size() == 0 && actions.actions().isEmpty()
                    && delivered.ids().isEmpty() && statusPages.size() == 0;
        }
    }
}
