package dogdorm.dealer.heartbeat;

import dogdorm.dealer.notify.Event;
import java.util.List;
import java.util.Set;

/**
 * What one flush stores of the heartbeat tokens: every token whose definition or runtime changed (whole rows), the
 * tokens deleted, the new pings and transitions, the events the transitions cause (sent once stored), and the
 * highest token id ever given (ids are never reused).
 */
public record HeartbeatChanges(List<Heartbeat> saved, Set<Long> deleted, long lastId, List<Ping> pings,
                               List<Transition> transitions, List<Event> events) {
    public HeartbeatChanges {
        saved = List.copyOf(saved);
        deleted = Set.copyOf(deleted);
        pings = List.copyOf(pings);
        transitions = List.copyOf(transitions);
        events = List.copyOf(events);
    }

    public static HeartbeatChanges none() {
        return new HeartbeatChanges(List.of(), Set.of(), 0, List.of(), List.of(), List.of());
    }

    public int size() {
        return saved.size() + deleted.size() + pings.size() + transitions.size() + events.size();
    }

    /** What the store held at start: the tokens and the highest ids given so far. */
    public record Stored(List<Heartbeat> tokens, long lastId, long lastPingId, long lastTransitionId) {
        public static Stored empty() {
            return new Stored(List.of(), 0, 0, 0);
        }
    }
}
