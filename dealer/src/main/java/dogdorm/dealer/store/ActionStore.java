package dogdorm.dealer.store;

import dogdorm.dealer.action.ActionRecord;
import java.util.List;

/** The stored audit of remediation actions, for the pages and the API (the flush writes it). */
public interface ActionStore {

    /** The newest actions first; of one target when {@code targetId} is not null. */
    List<ActionRecord> actions(Long targetId, int limit) throws StoreException;
}
