package dogdorm.dealer.store;

import dogdorm.dealer.action.ActionRecord;
import java.time.Instant;
import java.util.List;

/** The audit of remediation actions, written through: each request and its outcome is stored at once. */
public interface ActionStore {

    /** Records that an action is being asked for; returns it with its id. */
    ActionRecord openAction(long targetId, String dropletId, String type, Instant requestedAt) throws StoreException;

    /** Records what became of it. */
    void finishAction(long id, Integer apiStatus, Long actionId, String finalStatus, String error, Instant finishedAt)
            throws StoreException;

    /** The newest actions first; of one target when {@code targetId} is not null. */
    List<ActionRecord> actions(Long targetId, int limit) throws StoreException;

    /** The newest action on a droplet, or null when there was none. */
    ActionRecord lastAction(String dropletId) throws StoreException;
}
