package dogdorm.dealer.read;

import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Transition;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.incident.IncidentQuery;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The logs the pages show, memory and store together: a target's incidents, a token's pings and transitions, the
 * audited actions. Each reads what is not yet stored (or being stored) first and the store second: whatever a flush
 * commits in between is then in the store already, and the ids tell the two copies apart (memory is newer).
 */
public final class History {
    private final Store store;
    private final IncidentLog incidents;
    private final Heartbeats heartbeats;
    private final ActionLog actions;

    public History(Store store, IncidentLog incidents, Heartbeats heartbeats, ActionLog actions) {
        this.store = store;
        this.incidents = incidents;
        this.heartbeats = heartbeats;
        this.actions = actions;
    }

    /** A target's incidents, newest first. */
    public List<Incident> incidents(long targetId, int limit) throws StoreException {
        List<Incident> memory = incidents.unstoredFor(targetId);
        return merge(memory, store.incidents(targetId, limit), Incident::id, limit);
    }

    /**
     * The incidents {@code query} matches, newest first. Memory's copy of an incident wins over the stored one, and
     * the query is asked of the winner: an incident closed since the last flush is not listed as open.
     */
    public List<Incident> incidentsMatching(IncidentQuery query, int limit) throws StoreException {
        List<Incident> memory = incidents.unstored();
        // each of memory's copies may set aside one stored match: ask for that many more
        List<Incident> stored = store.incidentsMatching(query, limit + memory.size());
        return merge(memory, stored, Incident::id, Integer.MAX_VALUE).stream().filter(query::matches).limit(limit)
                .toList();
    }

    /** A token's last pings, newest first. */
    public List<Ping> pings(long heartbeatId, int limit) throws StoreException {
        limit = Math.min(limit, Ping.KEPT); // before a flush, memory and store together may hold more
        List<Ping> memory = heartbeats.unstoredPings(heartbeatId);
        return merge(memory, store.pings(heartbeatId, limit), Ping::id, limit);
    }

    /** A token's transitions, newest first. */
    public List<Transition> transitions(long heartbeatId, int limit) throws StoreException {
        List<Transition> memory = heartbeats.unstoredTransitions(heartbeatId);
        return merge(memory, store.transitions(heartbeatId, limit), Transition::id, limit);
    }

    /** The audited actions, newest first; of one target when {@code targetId} is not null. */
    public List<ActionRecord> actions(Long targetId, int limit) throws StoreException {
        return actionsMatching(ActionQuery.of(targetId), limit);
    }

    /** The audited actions {@code query} matches, newest first. */
    public List<ActionRecord> actionsMatching(ActionQuery query, int limit) throws StoreException {
        List<ActionRecord> memory = actions.unstoredMatching(query);
        return merge(memory, store.actionsMatching(query, limit), ActionRecord::id, limit);
    }

    /** Memory's records over the stored ones of the same id, newest (highest id) first, at most {@code limit}. */
    static <T> List<T> merge(List<T> memory, List<T> stored, ToLongFunction<T> id, int limit) {
        Map<Long, T> byId = new LinkedHashMap<>();
        for (T r : stored) {
            byId.put(id.applyAsLong(r), r);
        }
        for (T r : memory) {
            byId.put(id.applyAsLong(r), r);
        }
        List<T> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong(id).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }
}
