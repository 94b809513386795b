package dogdorm.dealer.store;

import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** {@link MemoryStore}'s heartbeat tables; fails like it when told to. */
final class MemoryHeartbeatStore implements HeartbeatStore {
    private final BooleanSupplier failing;
    private final TreeMap<Long, Heartbeat> rows = new TreeMap<>();
    private final Map<Long, Deque<Ping>> pings = new HashMap<>();
    private final Map<Long, Deque<Transition>> transitions = new HashMap<>();
    private long lastId;

    MemoryHeartbeatStore(BooleanSupplier failing) {
        this.failing = failing;
    }

    private void check() throws StoreException {
        if (failing.getAsBoolean()) {
            throw new StoreException("memory store told to fail", null);
        }
    }

    @Override
    public synchronized List<Heartbeat> loadHeartbeats() throws StoreException {
        check();
        return new ArrayList<>(rows.values());
    }

    @Override
    public synchronized long insertHeartbeat(Heartbeat h) throws StoreException {
        check();
        for (Heartbeat r : rows.values()) {
            if (r.token().equals(h.token())) {
                throw new StoreException("token of " + h + " is already in use", null);
            }
        }
        long id = ++lastId;
        rows.put(id, h.withId(id));
        return id;
    }

    @Override
    public synchronized void updateHeartbeat(Heartbeat h) throws StoreException {
        check();
        Heartbeat old = rows.get(h.id());
        if (old != null) {
            rows.put(h.id(), h.withRuntimeOf(old));
        }
    }

    @Override
    public synchronized void deleteHeartbeat(long id) throws StoreException {
        check();
        rows.remove(id);
        pings.remove(id);
        transitions.remove(id);
    }

    @Override
    public synchronized void writeHeartbeats(HeartbeatBatch batch) throws StoreException {
        check();
        for (Heartbeat h : batch.runtime()) {
            Heartbeat old = rows.get(h.id());
            if (old != null) {
                rows.put(h.id(), old.withRuntimeOf(h));
            }
        }
        for (Ping p : batch.pings()) {
            if (rows.containsKey(p.heartbeatId())) {
                keep(pings.computeIfAbsent(p.heartbeatId(), k -> new ArrayDeque<>()), p, Ping.KEPT);
            }
        }
        for (Transition t : batch.transitions()) {
            if (rows.containsKey(t.heartbeatId())) {
                keep(transitions.computeIfAbsent(t.heartbeatId(), k -> new ArrayDeque<>()), t, TRANSITIONS_KEPT);
            }
        }
    }

    private static <T> void keep(Deque<T> d, T item, int max) {
        d.addFirst(item);
        while (d.size() > max) {
            d.removeLast();
        }
    }

    @Override
    public synchronized List<Ping> pings(long heartbeatId, int limit) throws StoreException {
        check();
        return newest(pings.get(heartbeatId), limit);
    }

    @Override
    public synchronized List<Transition> transitions(long heartbeatId, int limit) throws StoreException {
        check();
        return newest(transitions.get(heartbeatId), limit);
    }

    private static <T> List<T> newest(Deque<T> d, int limit) {
        List<T> out = new ArrayList<>();
        if (d != null) {
            for (Iterator<T> it = d.iterator(); it.hasNext() && out.size() < limit; ) {
                out.add(it.next());
            }
        }
        return out;
    }
}
