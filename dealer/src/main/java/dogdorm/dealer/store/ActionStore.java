package dogdorm.dealer.store;

import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.action.ActionRecord;
import java.util.List;

/** The stored audit of remediation actions, for the pages and the API (the flush writes it). */
public interface ActionStore {

    /** The newest actions first; of one target when {@code targetId} is not null. */
    default List<ActionRecord> actions(Long targetId, int limit) throws StoreException {
        return actionsMatching(ActionQuery.of(targetId), limit);
    }

    /** The newest actions that {@code query} matches first, at most {@code limit}. */
    List<ActionRecord> actionsMatching(ActionQuery query, int limit) throws StoreException;
}
