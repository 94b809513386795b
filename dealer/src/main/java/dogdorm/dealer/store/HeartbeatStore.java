package dogdorm.dealer.store;

import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Transition;
import java.util.Collection;
import java.util.List;

/**
 * Heartbeat tokens. A token's definition (create, edit, pause, resume, delete) is written through: stored before
 * the change is answered. What pings change (last ping, recorded state), the ping log and the transitions are
 * written by the flush, in one transaction ({@link #writeHeartbeats}), so a ping never waits for the disk.
 */
public interface HeartbeatStore {
    /** Transitions kept per token (oldest dropped by the flush). */
    int TRANSITIONS_KEPT = 1000;

    /** Every token, with its runtime fields as last flushed. */
    List<Heartbeat> loadHeartbeats() throws StoreException;

    /** Stores a new token's definition and returns its id (never one used before). A token in use is refused. */
    long insertHeartbeat(Heartbeat h) throws StoreException;

    /** Stores a token's definition: name, description, interval, grace, enabled, resumed-at. */
    void updateHeartbeat(Heartbeat h) throws StoreException;

    /** Deletes a token with its pings and transitions. */
    void deleteHeartbeat(long id) throws StoreException;

    /**
     * One flush: the runtime fields of changed tokens, new pings (each token keeps its last {@value Ping#KEPT}) and
     * new transitions. Entries for tokens that are not stored (deleted meanwhile) are skipped.
     */
    void writeHeartbeats(HeartbeatBatch batch) throws StoreException;

    /** A token's pings, newest first. */
    List<Ping> pings(long heartbeatId, int limit) throws StoreException;

    /** A token's transitions, newest first. */
    List<Transition> transitions(long heartbeatId, int limit) throws StoreException;

    /** What one heartbeat flush writes. */
    record HeartbeatBatch(Collection<Heartbeat> runtime, Collection<Ping> pings, Collection<Transition> transitions) {
        public int size() {
            return runtime.size() + pings.size() + transitions.size();
        }

        public boolean isEmpty() {
            return size() == 0;
        }
    }
}
