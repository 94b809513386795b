package dogdorm.dealer.testkit;

import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Transition;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.statuspage.StatusPage;
import dogdorm.dealer.statuspage.StatusPageChanges;
import dogdorm.dealer.store.Store;
import java.util.List;
import java.util.Set;

/** Store batches for the store tests: one part each, the rest empty. */
public final class Batches {
    private Batches() {}

    public static Store.Batch targets(List<TargetRow> rows, Set<Long> deleted, long lastId) {
        return targets(rows, deleted, lastId, List.of());
    }

    public static Store.Batch targets(List<TargetRow> rows, Set<Long> deleted, long lastId,
                                      List<UptimeBucket> uptime) {
        return Store.Batch.of(Changes.ofTargets(rows, deleted, lastId, uptime));
    }

    public static Store.Batch incidents(Incident... changed) {
        return Store.Batch.of(new Changes(List.of(), Set.of(), 0, List.of(), List.of(), Set.of(), 0, List.of(),
                Set.of(), 0, List.of(changed), 0, List.of()));
    }

    public static Store.Batch heartbeats(List<Heartbeat> saved, Set<Long> deleted, List<Ping> pings,
                                         List<Transition> transitions) {
        long last = saved.stream().mapToLong(Heartbeat::id).max().orElse(0);
        return new Store.Batch(null, new HeartbeatChanges(saved, deleted, last, pings, transitions, List.of()), null,
                null);
    }

    public static Store.Batch actions(ActionRecord... changed) {
        return new Store.Batch(null, null, new ActionLog.Changes(List.of(changed), 0), null);
    }

    public static Store.Batch statusPages(List<StatusPage> saved, Set<Long> deleted, long lastId) {
        return new Store.Batch(null, null, null, null, new StatusPageChanges(saved, deleted, lastId));
    }

    /** Events caused by stored changes (through the core's part), and events delivered (to delete). */
    public static Store.Batch outbox(List<Event> added, Set<Long> delivered) {
        return new Store.Batch(new Changes(List.of(), Set.of(), 0, List.of(), List.of(), Set.of(), 0, List.of(),
                Set.of(), 0, List.of(), 0, added), null, null, new Outbox.Delivered(delivered, 0));
    }
}
