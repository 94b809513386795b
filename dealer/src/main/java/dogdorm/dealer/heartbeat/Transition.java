package dogdorm.dealer.heartbeat;

import java.time.Instant;

/**
 * A heartbeat token's state changed: recorded once per change (Healthchecks calls it a flip). Up -> down is the
 * token firing; down -> up its recovery. Listeners ({@link Heartbeats#onTransition}) and the store get each one.
 * Its {@code id} is given in memory when it is recorded, and never reused.
 */
public record Transition(long id, long heartbeatId, HeartbeatState from, HeartbeatState to, Instant at, String reason) {
    public boolean fired() {
        return to == HeartbeatState.DOWN;
    }

    public boolean recovered() {
        return from == HeartbeatState.DOWN && to == HeartbeatState.UP;
    }
}
