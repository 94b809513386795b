package dogdorm.dealer.heartbeat;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a heartbeat token's pings say about its job, derived by {@link #of} alone: the one place the rules live.
 * <ul>
 *   <li>{@code paused}: disabled; pings are logged as ignored and it never fires;</li>
 *   <li>{@code down} ("fired"): the job reported a failure ({@code /fail}) and no ping (nor a resume) came since,
 *       or no ping came by the time the next one was due + grace;</li>
 *   <li>{@code new}: never pinged (it cannot fire: nothing is expected yet);</li>
 *   <li>{@code waiting} (for a ping): resumed after its last ping, and the next ping is not due yet: nothing has
 *       said the job works since, so it is not {@code up};</li>
 *   <li>{@code up}: pinged, and the next ping is not due yet;</li>
 *   <li>{@code late}: the next ping is due (at exactly that time, late), the grace has not passed.</li>
 * </ul>
 * The next ping is due an interval after the last ping, or at a cron schedule's first run after it
 * ({@link Schedule#dueAfter}); counted from the moment the token was resumed when that is later, so a resumed
 * token gets one full interval (or until the next run) before it can be late.
 */
public enum HeartbeatState {
    NEW, WAITING, UP, LATE, DOWN, PAUSED;

    /** The state of {@code h} at {@code now}; reads nothing else (no clock, no store). */
    public static HeartbeatState of(Heartbeat h, Instant now) {
        if (!h.enabled()) {
            return PAUSED;
        }
        if (h.failureStands()) {
            return DOWN;
        }
        if (h.lastPing() == null) {
            return NEW;
        }
        Instant due = h.dueAt();
        if (due == null || now.isBefore(due)) { // null: a cron schedule with no run left expects nothing
            return h.waitingSinceResume() ? WAITING : UP;
        }
        if (now.isBefore(due.plus(h.effectiveGrace()))) {
            return LATE;
        }
        return DOWN;
    }

    /** How many of {@code tokens} are in each state at {@code now}, every state present (zeros included), in order. */
    public static Map<HeartbeatState, Integer> count(Collection<Heartbeat> tokens, Instant now) {
        Map<HeartbeatState, Integer> out = new EnumMap<>(HeartbeatState.class);
        for (HeartbeatState s : values()) {
            out.put(s, 0);
        }
        for (Heartbeat h : tokens) {
            out.merge(of(h, now), 1, Integer::sum);
        }
        return out;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HeartbeatState parse(String s) {
        for (HeartbeatState v : values()) {
            if (v.wire().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown heartbeat state '" + s + "'");
    }

    @Override
    public String toString() {
        return wire();
    }
}
