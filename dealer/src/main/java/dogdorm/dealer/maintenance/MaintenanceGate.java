package dogdorm.dealer.maintenance;

import dogdorm.common.wire.ProbeResult;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.results.ResultIngest;
import dogdorm.dealer.results.StateListener;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the maintenance windows meet the state core's confirmed changes, under the core's lock. The incident log
 * and every other state listener (the notifications) are told through here:
 * <ul>
 *   <li>a change to down inside a window of the target is held back: no incident, no {@code target.down};</li>
 *   <li>a change to up is told exactly when its down was: one held back is dropped with it, so nobody hears "up"
 *       of an outage nobody heard of, while an incident opened before the window still closes;</li>
 *   <li>a target still down when its windows have ended ({@link #release}, from every results batch and the
 *       periodic sweep) gets its incident then, from the end of the last window (the time before was
 *       maintenance, not downtime), and the change is told as of that moment, so {@code target.down} goes out.</li>
 * </ul>
 * Which targets are held is kept in memory; at start ({@link #restore}) a target loaded down without an open
 * incident, whose change to down came inside a window, is held again, so a restart during (or across the end of)
 * a window still opens its incident. Checks go on as always; regional warnings are not told inside a window.
 */
public final class MaintenanceGate implements StateListener {
    private static final Logger log = LoggerFactory.getLogger(MaintenanceGate.class);

    /** A change to down held back: what it was, who saw it and when. */
    private record Held(State from, ProbeResult cause, String worker, Instant at) {}

    private final Windows windows;
    private final TargetTable table;
    private final IncidentLog incidents;
    private final List<StateListener> behind = new CopyOnWriteArrayList<>();
    private final Map<Long, Held> held = new HashMap<>();

    public MaintenanceGate(Windows windows, TargetTable table, IncidentLog incidents) {
        this.windows = windows;
        this.table = table;
        this.incidents = incidents;
    }

    /** A listener told of the changes this gate lets through, after the incident log. */
    public void add(StateListener l) {
        behind.add(l);
    }

    /** Whether {@code t} is in maintenance at {@code at}. */
    public boolean covers(Target t, Instant at) {
        return windows.covers(t.id(), t.spec().sourceFile(), t.spec().tags(), at);
    }

    /** Whether the target {@code id} is in maintenance at {@code at} (false for a target that is gone). */
    public boolean covers(long id, Instant at) {
        Target t = table.get(id);
        return t != null && covers(t, at);
    }

    @Override
    public void changed(Target target, State from, State to, ProbeResult cause, String worker, Instant at) {
        if (to == State.DOWN) {
            if (covers(target, at)) {
                held.put(target.id(), new Held(from, cause, worker, at));
                log.info("{} is down inside a maintenance window: no incident, no notification unless it is still "
                        + "down when the window ends", target);
                return;
            }
            held.remove(target.id());
        } else if (held.remove(target.id()) != null) {
            log.info("{} is {} again; its outage inside a maintenance window was never told", target, to.wire());
            return;
        }
        tell(target, from, to, cause, worker, at);
    }

    private void tell(Target target, State from, State to, ProbeResult cause, String worker, Instant at) {
        try {
            incidents.changed(target, from, to, cause, worker, at);
        } catch (RuntimeException e) {
            log.error("incident log failed for {} ({} -> {})", target, from, to, e);
        }
        for (StateListener l : behind) {
            try {
                l.changed(target, from, to, cause, worker, at);
            } catch (RuntimeException e) {
                log.error("state listener failed for {} ({} -> {})", target, from, to, e);
            }
        }
    }

    /**
     * Tells the outages held back whose windows have ended by {@code now}: each target still down gets its
     * incident from the end of its last window (or from now, when its windows were deleted), and its listeners
     * hear the change as of then. Returns how many were told.
     */
    public int release(Instant now) {
        if (held.isEmpty()) {
            return 0;
        }
        int told = 0;
        for (Iterator<Map.Entry<Long, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Held> e = it.next();
            Target t = table.get(e.getKey());
            if (t == null || t.stats().state != State.DOWN) {
                it.remove();
                continue;
            }
            if (covers(t, now)) {
                continue;
            }
            it.remove();
            Held h = e.getValue();
            Instant end = windows.lastEnd(t.id(), t.spec().sourceFile(), t.spec().tags(), now);
            Instant from = end != null && end.isAfter(h.at()) ? end : now;
            log.info("{} is still down after its maintenance window ended at {}", t, from);
            try {
                incidents.downAfterMaintenance(t, from, now);
            } catch (RuntimeException x) {
                log.error("incident log failed for {} after maintenance", t, x);
            }
            for (StateListener l : behind) {
                try {
                    l.changed(t, h.from(), State.DOWN, h.cause(), h.worker(), from);
                } catch (RuntimeException x) {
                    log.error("state listener failed for {} after maintenance", t, x);
                }
            }
            told++;
        }
        return told;
    }

    /**
     * At start, after the table and the open incidents are loaded: holds again every target that is down without
     * an open incident and went down inside one of its windows. Returns how many.
     */
    public int restore() {
        int n = 0;
        for (Target t : table.all()) {
            var s = t.stats();
            if (s.state == State.DOWN && s.stateSince != null && incidents.openFor(t.id()) == null
                    && covers(t, s.stateSince)) {
                String error = s.lastError != null ? s.lastError : ProbeResult.NO_REASON;
                held.put(t.id(), new Held(State.UP, ProbeResult.of("maintenance", t.id(), false, null, error,
                        Map.of()), s.lastWorker, s.stateSince));
                n++;
            }
        }
        return n;
    }

    /** {@code l}, told only of targets that are not in maintenance at the time. */
    public ResultIngest.RegionalListener regional(ResultIngest.RegionalListener l) {
        return (target, before, after, at) -> {
            if (!covers(target, at)) {
                l.changed(target, before, after, at);
            }
        };
    }
}
