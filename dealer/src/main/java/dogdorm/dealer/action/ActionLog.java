package dogdorm.dealer.action;

import dogdorm.dealer.pending.Pending;
import dogdorm.dealer.pending.Unstored;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of remediation actions in memory: each action asked for and its outcome, stored by the flusher; and
 * the newest action on each droplet (loaded at start), which is how a restarted dealer carries on a recent
 * episode. Ids are given here and never reused. Thread-safe.
 */
public final class ActionLog implements Pending<ActionLog.Changes> {
    /** What one flush stores: new or finished actions (whole rows), and the highest id given. */
    public record Changes(List<ActionRecord> actions, long lastId) {}

    private final Unstored<ActionRecord> unstored = new Unstored<>(ActionRecord::id);
    private final Map<String, ActionRecord> lastByDroplet = new HashMap<>();
    private long lastId;

    /** Takes the newest stored action of each droplet, and the highest id given so far. */
    public synchronized void load(List<ActionRecord> newestPerDroplet, long lastId) {
        for (ActionRecord a : newestPerDroplet) {
            remember(a);
            this.lastId = Math.max(this.lastId, a.id());
        }
        this.lastId = Math.max(this.lastId, lastId);
    }

    /** Records that an action is being asked for; returns it with its id. */
    public synchronized ActionRecord open(long targetId, String dropletId, String type, Instant requestedAt) {
        ActionRecord a = new ActionRecord(++lastId, targetId, dropletId, type, requestedAt, null, null, null, null,
                null);
        unstored.put(a);
        remember(a);
        return a;
    }

    /** Records what became of it. */
    public synchronized ActionRecord finish(ActionRecord a, Integer apiStatus, Long actionId, String finalStatus,
                                            String error, Instant finishedAt) {
        ActionRecord done = new ActionRecord(a.id(), a.targetId(), a.dropletId(), a.type(), a.requestedAt(),
                apiStatus, actionId, finalStatus, error, finishedAt);
        unstored.put(done);
        remember(done);
        return done;
    }

    private void remember(ActionRecord a) {
        ActionRecord known = lastByDroplet.get(a.dropletId());
        if (known == null || known.id() <= a.id()) {
            lastByDroplet.put(a.dropletId(), a);
        }
    }

    /** The newest action on a droplet, or null when there was none. */
    public synchronized ActionRecord lastAction(String dropletId) {
        return lastByDroplet.get(dropletId);
    }

    /**
     * The actions not yet stored or being stored, newest first; of one target when {@code targetId} is not null.
     * Read these before the stored ones: whatever a flush commits meanwhile is then in the store already.
     */
    public synchronized List<ActionRecord> unstored(Long targetId) {
        return unstoredMatching(ActionQuery.of(targetId));
    }

    /** The same, of the actions {@code query} matches. */
    public synchronized List<ActionRecord> unstoredMatching(ActionQuery query) {
        return unstored.find(query::matches);
    }

    @Override
    public synchronized Changes take() {
        return new Changes(unstored.take(), lastId);
    }

    @Override
    public synchronized void giveBack(Changes taken) {
        unstored.giveBack();
    }

    @Override
    public synchronized void stored(Changes taken) {
        unstored.stored();
    }

    @Override
    public synchronized int waiting() {
        return unstored.size();
    }
}
