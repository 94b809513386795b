package dogdorm.dealer.heartbeat;

import dogdorm.dealer.notify.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * What the heartbeat tokens did that is not stored yet: the tokens whose row changed, their new pings (each token's
 * last {@value Ping#KEPT} at most), the transitions, the deletions; and, while a flush writes them, what it took
 * (still shown by the pages until stored). Transitions are told to the listeners once the flush that took them
 * has run. Not thread-safe: {@link Heartbeats}' lock guards it.
 */
final class UnstoredChanges {
    private final Set<Long> changed = new LinkedHashSet<>();
    private final Map<Long, ArrayDeque<Ping>> pings = new HashMap<>();
    /** How many pings {@link #pings} holds (kept as they come and go: counted without a walk). */
    private int pingCount;
    private Map<Long, List<Ping>> storingPings = Map.of();
    private List<Transition> transitions = new ArrayList<>();
    private List<Transition> storingTransitions = List.of();
    private List<Transition> untold = new ArrayList<>();
    private List<Event> events = new ArrayList<>();
    private List<Event> storingEvents = List.of();
    private final Set<Long> deleted = new HashSet<>();

    void changed(long id) {
        changed.add(id);
    }

    void ping(Ping p) {
        ArrayDeque<Ping> q = pings.computeIfAbsent(p.heartbeatId(), k -> new ArrayDeque<>());
        q.addLast(p);
        pingCount++;
        if (q.size() > Ping.KEPT) {
            q.removeFirst(); // the store would drop it at the next flush anyway
            pingCount--;
        }
        changed.add(p.heartbeatId());
    }

    void transition(Transition t) {
        transitions.add(t);
        untold.add(t);
    }

    void event(Event e) {
        events.add(e);
    }

    void deleted(long id) {
        changed.remove(id);
        ArrayDeque<Ping> gone = pings.remove(id);
        pingCount -= gone == null ? 0 : gone.size();
        transitions.removeIf(t -> t.heartbeatId() == id);
        untold.removeIf(t -> t.heartbeatId() == id);
        deleted.add(id);
    }

    /** Everything waiting, handed to a flush; {@code row} gives a token's current row. */
    HeartbeatChanges take(LongFunction<Heartbeat> row, long lastId) {
        List<Heartbeat> saved = new ArrayList<>();
        for (Long id : changed) {
            Heartbeat h = row.apply(id);
            if (h != null) {
                saved.add(h);
            }
        }
        changed.clear();
        Map<Long, List<Ping>> taking = new HashMap<>();
        List<Ping> allPings = new ArrayList<>();
        pings.forEach((id, q) -> {
            taking.put(id, new ArrayList<>(q));
            allPings.addAll(q);
        });
        pings.clear();
        pingCount = 0;
        storingPings = taking;
        storingTransitions = transitions;
        transitions = new ArrayList<>();
        storingEvents = events;
        events = new ArrayList<>();
        HeartbeatChanges out = new HeartbeatChanges(saved, deleted, lastId, allPings, storingTransitions,
                storingEvents);
        deleted.clear();
        return out;
    }

    void stored() {
        storingPings = Map.of();
        storingTransitions = List.of();
        storingEvents = List.of();
    }

    /** The write failed: what it took waits again (older than what came since); {@code exists}: still a token. */
    void giveBack(HeartbeatChanges taken, LongPredicate exists) {
        for (Heartbeat h : taken.saved()) {
            if (exists.test(h.id())) {
                changed.add(h.id());
            }
        }
        storingPings.forEach((id, list) -> {
            if (exists.test(id)) {
                ArrayDeque<Ping> q = pings.computeIfAbsent(id, k -> new ArrayDeque<>());
                for (int i = list.size() - 1; i >= 0; i--) {
                    q.addFirst(list.get(i));
                    pingCount++;
                }
                while (q.size() > Ping.KEPT) {
                    q.removeFirst();
                    pingCount--;
                }
            }
        });
        storingPings = Map.of();
        List<Transition> back = new ArrayList<>();
        for (Transition t : storingTransitions) {
            if (exists.test(t.heartbeatId())) {
                back.add(t);
            }
        }
        back.addAll(transitions);
        transitions = back;
        storingTransitions = List.of();
        List<Event> eventsBack = new ArrayList<>(storingEvents);
        eventsBack.addAll(events);
        events = eventsBack;
        storingEvents = List.of();
        deleted.addAll(taken.deleted());
    }

    /** The transitions of {@code taken} not told yet, in order; they count as told from now on. */
    List<Transition> toTell(HeartbeatChanges taken) {
        Set<Long> ids = new HashSet<>();
        for (Transition t : taken.transitions()) {
            ids.add(t.id());
        }
        List<Transition> now = new ArrayList<>();
        List<Transition> later = new ArrayList<>();
        for (Transition t : untold) {
            (ids.contains(t.id()) ? now : later).add(t);
        }
        untold = later;
        return now;
    }

    /** Changes not yet stored: tokens to save, pings, transitions, deletions and events. */
    int waiting() {
        return changed.size() + pingCount + transitions.size() + deleted.size() + events.size();
    }

    /** A token's pings not stored yet or being stored, newest first. */
    List<Ping> pings(long id) {
        List<Ping> out = new ArrayList<>();
        ArrayDeque<Ping> q = pings.get(id);
        if (q != null) {
            for (Iterator<Ping> it = q.descendingIterator(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        List<Ping> storing = storingPings.getOrDefault(id, List.of());
        for (int i = storing.size() - 1; i >= 0; i--) {
            out.add(storing.get(i));
        }
        return out;
    }

    /** A token's transitions not stored yet or being stored, newest first. */
    List<Transition> transitions(long id) {
        List<Transition> out = new ArrayList<>();
        for (List<Transition> list : List.of(transitions, storingTransitions)) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).heartbeatId() == id) {
                    out.add(list.get(i));
                }
            }
        }
        return out;
    }
}
