package dogdorm.dealer.incident;

import dogdorm.common.wire.ProbeResult;
import dogdorm.dealer.results.StateListener;
import dogdorm.dealer.store.IncidentStore;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an incident when a target's confirmed state goes up -> down and closes it on down -> up, writing each
 * change to the store before going on (a SIGKILL never loses one). Called under the dealer's lock, once per
 * state change. When the store fails, the change is kept and written by {@link #retryPending()} (the flush task).
 * A target that is down from its very first check never was up: it gets no incident.
 */
public final class IncidentLog implements StateListener {
    private static final Logger log = LoggerFactory.getLogger(IncidentLog.class);

    private final IncidentStore store;
    private final Consumer<Target> persistTarget;
    /** Open incidents by target; id 0 while not yet stored. */
    private final Map<Long, Incident> open = new HashMap<>();
    /** Incidents not yet stored (opened, and possibly closed since), in order. */
    private final Map<Incident, Instant> unstored = new LinkedHashMap<>();
    /** Stored incidents whose closing is not yet stored. */
    private final Map<Long, Instant> unstoredClose = new LinkedHashMap<>();

    public IncidentLog(IncidentStore store) {
        this(store, t -> { });
    }

    /** @param persistTarget writes a target the store does not know yet, before its incident is written */
    public IncidentLog(IncidentStore store, Consumer<Target> persistTarget) {
        this.store = store;
        this.persistTarget = persistTarget;
    }

    /** Loads the incidents left open by the last run. */
    public synchronized int load() throws StoreException {
        for (Incident i : store.openIncidents()) {
            open.put(i.targetId(), i);
        }
        return open.size();
    }

    @Override
    public synchronized void changed(Target target, State from, State to, ProbeResult cause, String worker,
                                     Instant at) {
        if (from == State.UP && to == State.DOWN) {
            Stats s = target.stats();
            Instant downAt = s.failingSince != null ? s.failingSince : at;
            String description = s.firstError != null ? s.firstError : cause.error();
            String seenBy = s.firstErrorWorker != null ? s.firstErrorWorker : worker;
            Incident i = new Incident(0, target.id(), description, downAt, null, seenBy);
            persistTarget.accept(target);
            try {
                i = store.openIncident(target.id(), description, downAt, seenBy);
            } catch (StoreException e) {
                log.error("incident for {} kept in memory until the store works: {}", target, e.getMessage());
                unstored.put(i, null);
            }
            open.put(target.id(), i);
            log.info("incident opened: {} is down since {} ({})", target, downAt, description);
        } else if (from == State.DOWN && to == State.UP) {
            Incident i = open.remove(target.id());
            if (i == null) {
                return;
            }
            if (i.id() == 0) {
                unstored.put(i, at);
            } else {
                try {
                    store.closeIncident(i.id(), at);
                } catch (StoreException e) {
                    log.error("closing of incident #{} kept in memory until the store works: {}", i.id(),
                            e.getMessage());
                    unstoredClose.put(i.id(), at);
                }
            }
            log.info("incident closed: {} is up again after {}", target, i.closed(at).duration(at));
        }
    }

    /** Writes what the store refused earlier. Returns how many changes are still waiting. */
    public synchronized int retryPending() {
        for (var it = unstored.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Incident i = e.getKey();
            try {
                Incident stored = store.openIncident(i.targetId(), i.description(), i.downAt(), i.worker());
                it.remove();
                if (e.getValue() != null) {
                    unstoredClose.put(stored.id(), e.getValue());
                } else if (open.get(i.targetId()) == i) {
                    open.put(i.targetId(), stored);
                }
            } catch (StoreException ex) {
                return unstored.size() + unstoredClose.size();
            }
        }
        for (var it = unstoredClose.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            try {
                store.closeIncident(e.getKey(), e.getValue());
                it.remove();
            } catch (StoreException ex) {
                break;
            }
        }
        return unstored.size() + unstoredClose.size();
    }

    /** The target's open incident, if any. */
    public synchronized Incident openFor(long targetId) {
        return open.get(targetId);
    }

    public synchronized Set<Long> targetsWithOpenIncidents() {
        return Set.copyOf(open.keySet());
    }

    /** A target's incidents, newest first (those not yet stored included). */
    public List<Incident> forTarget(long targetId, int limit) throws StoreException {
        List<Incident> out = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Incident, Instant> e : unstored.entrySet()) {
                if (e.getKey().targetId() == targetId) {
                    out.add(0, e.getValue() == null ? e.getKey() : e.getKey().closed(e.getValue()));
                }
            }
        }
        for (Incident i : store.incidents(targetId, limit)) {
            Instant closing;
            synchronized (this) {
                closing = unstoredClose.get(i.id());
            }
            out.add(closing != null && i.open() ? i.closed(closing) : i);
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }
}
