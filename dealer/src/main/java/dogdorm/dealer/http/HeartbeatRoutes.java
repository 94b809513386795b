package dogdorm.dealer.http;

/** What {@link App} needs for the heartbeat routes: the ping endpoints, the admin pages and API, and their guards. */
public record HeartbeatRoutes(HeartbeatPings pings, HeartbeatPages pages, HeartbeatsApi api, AdminAuth auth,
                              Csrf csrf) {}
