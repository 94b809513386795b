package dogdorm.dealer.store;

import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentQuery;
import java.util.List;

/** Stored incidents, for the pages (the flush writes them with the state changes that opened and closed them). */
public interface IncidentStore {

    /** A target's incidents, newest first, at most {@code limit}. */
    List<Incident> incidents(long targetId, int limit) throws StoreException;

    /** Every incident still open. */
    List<Incident> openIncidents() throws StoreException;

    /** The incidents {@code query} matches, newest first, at most {@code limit}. */
    List<Incident> incidentsMatching(IncidentQuery query, int limit) throws StoreException;
}
