package dogdorm.dealer.store;

import dogdorm.dealer.incident.Incident;
import java.time.Instant;
import java.util.List;

/** Incidents, written through (each change is stored before the dealer goes on), never batched. */
public interface IncidentStore {

    /** Stores a new open incident and returns it with its id. */
    Incident openIncident(long targetId, String description, Instant downAt, String worker) throws StoreException;

    /** Marks an incident closed at {@code upAt}. */
    void closeIncident(long id, Instant upAt) throws StoreException;

    /** A target's incidents, newest first, at most {@code limit}. */
    List<Incident> incidents(long targetId, int limit) throws StoreException;

    /** Every incident still open. */
    List<Incident> openIncidents() throws StoreException;
}
