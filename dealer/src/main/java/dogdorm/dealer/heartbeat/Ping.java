package dogdorm.dealer.heartbeat;

import java.time.Instant;

/**
 * One ping as logged (each token keeps its last {@value #KEPT}).
 *
 * @param id        given in memory when the ping comes, never reused: the store keeps it
 * @param ignored   the token was paused: logged, nothing else
 * @param body      a POST body (the job's output), at most {@value #MAX_BODY} bytes of it, as UTF-8 text
 * @param bodyBytes the size of the whole body as received
 * @param truncated whether {@code body} is only the first {@value #MAX_BODY} bytes
 * @param runMs     for a success or failure after a {@code /start}: how long the run took
 */
public record Ping(long id, long heartbeatId, Instant at, PingKind kind, boolean ignored, String method, String source,
                   String userAgent, String body, long bodyBytes, boolean truncated, Long runMs) {
    public static final int KEPT = 100;
    public static final int MAX_BODY = 10 * 1024;
    public static final int MAX_USER_AGENT = 200;

    public Ping {
        userAgent = userAgent != null && userAgent.length() > MAX_USER_AGENT
                ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
        body = body == null ? "" : body;
    }
}
