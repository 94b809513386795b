package dogdorm.dealer.http;

import dogdorm.dealer.metrics.DealerMetrics;
import io.javalin.http.Handler;

/**
 * What the routes of {@link App} call: one dealer's handlers. The server swaps them whole (a dealer standing by
 * serves a read-only copy of the database, refreshed, until it leads), so every route asks for the current ones.
 * {@code gate} runs before every request: it lets everything through on the leading dealer and refuses what a
 * dealer standing by cannot do ({@link StandbyGate}).
 */
public record Routes(Handler gate, WorkerAuth workerAuth, WorkerApi workerApi, Views views, StatusApi status,
                     Actions actions, DealerMetrics metrics, HeartbeatRoutes heartbeats,
                     StatusPageRoutes statusPages, TargetRoutes targets,
                     MaintenanceRoutes maintenance, NotificationRoutes notifications) {

    /** A gate that lets every request through. */
    public static final Handler OPEN = ctx -> {};

    /** Only a gate: no dealer behind it yet, so the gate must refuse every request. */
    public static Routes onlyGate(Handler gate) {
        return new Routes(gate, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same handlers behind another gate. */
    public Routes gated(Handler other) {
        return new Routes(other, workerAuth, workerApi, views, status, actions, metrics, heartbeats, statusPages,
                targets, maintenance, notifications);
    }
}
