package dogdorm.dealer.store;

import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Transition;
import java.util.List;

/**
 * The stored ping log and transitions of the heartbeat tokens, for the pages (the flush writes tokens, pings and
 * transitions with the rest; each token keeps its last {@value Ping#KEPT} pings and {@value #TRANSITIONS_KEPT}
 * transitions).
 */
public interface HeartbeatStore {
    /** Transitions kept per token (oldest dropped by the flush). */
    int TRANSITIONS_KEPT = 1000;

    /** A token's pings, newest first. */
    List<Ping> pings(long heartbeatId, int limit) throws StoreException;

    /** A token's transitions, newest first. */
    List<Transition> transitions(long heartbeatId, int limit) throws StoreException;
}
