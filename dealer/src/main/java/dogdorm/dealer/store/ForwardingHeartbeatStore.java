package dogdorm.dealer.store;

import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Transition;
import java.util.List;

/**
 * A store that keeps its heartbeat tables in a separate {@link HeartbeatStore} and hands every heartbeat call to it,
 * so each store class says once where its heartbeats live instead of repeating seven forwarding methods.
 */
public interface ForwardingHeartbeatStore extends HeartbeatStore {
    /** Where the heartbeat calls go. */
    HeartbeatStore heartbeatStore();

    @Override
    default List<Heartbeat> loadHeartbeats() throws StoreException {
        return heartbeatStore().loadHeartbeats();
    }

    @Override
    default long insertHeartbeat(Heartbeat h) throws StoreException {
        return heartbeatStore().insertHeartbeat(h);
    }

    @Override
    default void updateHeartbeat(Heartbeat h) throws StoreException {
        heartbeatStore().updateHeartbeat(h);
    }

    @Override
    default void deleteHeartbeat(long id) throws StoreException {
        heartbeatStore().deleteHeartbeat(id);
    }

    @Override
    default void writeHeartbeats(HeartbeatBatch batch) throws StoreException {
        heartbeatStore().writeHeartbeats(batch);
    }

    @Override
    default List<Ping> pings(long heartbeatId, int limit) throws StoreException {
        return heartbeatStore().pings(heartbeatId, limit);
    }

    @Override
    default List<Transition> transitions(long heartbeatId, int limit) throws StoreException {
        return heartbeatStore().transitions(heartbeatId, limit);
    }
}
