package dogdorm.dealer.incident;

import dogdorm.common.wire.ProbeResult;
import dogdorm.dealer.pending.Unstored;
import dogdorm.dealer.results.StateListener;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an incident when a target's confirmed state becomes down (from up, or from unknown: a server added while
 * already broken is an outage its user must hear of) and closes it on down -> up, in memory only: told under the
 * table's lock, with the state change that causes it, so the flush that takes the table's changes takes the
 * incident with them and one transaction stores both (a crash never leaves an incident without the state that
 * opened it, or the reverse). Ids are given here and never reused.
 */
public final class IncidentLog implements StateListener {
    private static final Logger log = LoggerFactory.getLogger(IncidentLog.class);

    /** Open incidents by target. */
    private final Map<Long, Incident> open = new HashMap<>();
    private final Unstored<Incident> unstored = new Unstored<>(Incident::id);
    private long lastId;

    /** Takes the incidents the last run left open, and the highest id it gave. */
    public synchronized void load(List<Incident> stillOpen, long lastId) {
        for (Incident i : stillOpen) {
            open.put(i.targetId(), i);
            this.lastId = Math.max(this.lastId, i.id());
        }
        this.lastId = Math.max(this.lastId, lastId);
    }

    @Override
    public synchronized void changed(Target target, State from, State to, ProbeResult cause, String worker,
                                     Instant at) {
        if (from != State.DOWN && to == State.DOWN) {
            Stats s = target.stats();
            Instant downAt = s.failingSince != null ? s.failingSince : at;
            String description = s.firstError != null ? s.firstError : cause.error();
            String seenBy = s.firstErrorWorker != null ? s.firstErrorWorker : worker;
            Incident i = new Incident(++lastId, target.id(), description, downAt, at, null, seenBy);
            open.put(target.id(), i);
            unstored.put(i);
            log.info("incident #{} opened: {} is down since {} ({})", i.id(), target, downAt, description);
        } else if (from == State.DOWN && to == State.UP) {
            Incident i = open.remove(target.id());
            if (i == null) {
                return;
            }
            Incident closed = i.closed(at);
            unstored.put(closed);
            log.info("incident #{} closed: {} is up again after {}", i.id(), target, closed.duration(at));
        }
    }

    /**
     * A target that went down inside a maintenance window and is still down when the window ends: its incident
     * opens now, from {@code from} (the window's end: the time before was maintenance, not downtime), with the
     * first error of its run of failures. Nothing when it has an open incident already.
     */
    public synchronized void downAfterMaintenance(Target target, Instant from, Instant at) {
        if (open.containsKey(target.id())) {
            return;
        }
        Stats s = target.stats();
        String description = s.firstError != null ? s.firstError
                : s.lastError != null ? s.lastError : ProbeResult.NO_REASON;
        String seenBy = s.firstErrorWorker != null ? s.firstErrorWorker : s.lastWorker;
        Incident i = new Incident(++lastId, target.id(), description, from, at, null, seenBy);
        open.put(target.id(), i);
        unstored.put(i);
        log.info("incident #{} opened: {} is still down at the end of its maintenance window ({})", i.id(), target,
                description);
    }

    /** A target is gone: its open incident goes with it (the store deletes its stored ones). */
    public synchronized void removed(long targetId) {
        open.remove(targetId);
        unstored.drop(i -> i.targetId() == targetId);
    }

    /** The target's open incident, if any. */
    public synchronized Incident openFor(long targetId) {
        return open.get(targetId);
    }

    public synchronized Set<Long> targetsWithOpenIncidents() {
        return Set.copyOf(open.keySet());
    }

    public synchronized int openCount() {
        return open.size();
    }

    // ---- for the flush -----------------------------------------------------------------------------------

    /** The incidents opened or closed since the last take, and the highest id given. */
    public synchronized Taken take() {
        return new Taken(unstored.take(), lastId);
    }

    /** What one take holds. */
    public record Taken(List<Incident> changed, long lastId) {}

    public synchronized void stored() {
        unstored.stored();
    }

    public synchronized void giveBack() {
        unstored.giveBack();
    }

    public synchronized int waiting() {
        return unstored.size();
    }

    // ---- reading -----------------------------------------------------------------------------------------

    /**
     * A target's incidents not yet stored (or being stored), newest first. Read these before the stored ones:
     * what a flush commits in between is then in the store already.
     */
    public synchronized List<Incident> unstoredFor(long targetId) {
        return unstored.find(i -> i.targetId() == targetId);
    }

    /** Every incident not yet stored (or being stored), newest change first; read these before the stored ones. */
    public synchronized List<Incident> unstored() {
        return unstored.find(i -> true);
    }
}
