package dogdorm.dealer.testkit;

import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.pending.Pending;
import dogdorm.dealer.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Flushers for tests: over a store, with the parts a test has and nothing for the others; flushed by hand. */
public final class Flushes {
    private Flushes() {}

    /** A part that never has anything to store. */
    public static <T> Pending<T> nothing(T empty) {
        return new Pending<>() {
            @Override
            public T take() {
                return empty;
            }

            @Override
            public void giveBack(T taken) {}

            @Override
            public void stored(T taken) {}

            @Override
            public int waiting() {
                return 0;
            }
        };
    }

    public static Flusher of(Store store, Pending<Changes> core, Pending<HeartbeatChanges> heartbeats,
                             Pending<ActionLog.Changes> actions) {
        return new Flusher(store, core != null ? core : nothing(Changes.none()),
                heartbeats != null ? heartbeats : nothing(HeartbeatChanges.none()),
                actions != null ? actions : nothing(new ActionLog.Changes(List.of(), 0)),
                nothing(new Outbox.Delivered(Set.of(), 0)), Clock.systemUTC(),
                Flusher.Settings.every(Duration.ofHours(1)));
    }

    public static Flusher ofCore(Store store, Pending<Changes> core) {
        return of(store, core, null, null);
    }

    public static Flusher ofHeartbeats(Store store, Pending<HeartbeatChanges> heartbeats) {
        return of(store, null, heartbeats, null);
    }
}
