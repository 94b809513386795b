package dogdorm.dealer.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a dealer standing by refuses while another leads: {@code 503} with the reason and the leading dealer's URL
 * ({@code leader}, null when it has not said), so a worker moves on to the next dealer it knows and a person or a
 * load balancer sees where to go. Without a copy of the database every request is refused ({@code /healthz}
 * included); with one, the pages and the read API are served from it, and what only the leader can do is refused:
 * every change (anything but GET and HEAD), the worker API, heartbeat pings, {@code /healthz} (a load balancer
 * sends traffic to the leader) and {@code /metrics} (a copy's figures would be scraped twice). The leader is asked
 * at most every {@link #ASK_LEADER_EVERY}.
 */
public final class StandbyGate implements Handler {
    static final Duration ASK_LEADER_EVERY = Duration.ofSeconds(2);

    private final String reason;
    private final Supplier<String> leader;
    private final boolean servesCopy;
    private long askedAt;
    private String lastLeader;
    private boolean asked;

    private StandbyGate(String reason, Supplier<String> leader, boolean servesCopy) {
        this.reason = reason;
        this.leader = leader;
        this.servesCopy = servesCopy;
    }

    /** Refuses every request: the dealer has no copy of the database to show. */
    public static StandbyGate refusingAll(String reason, Supplier<String> leader) {
        return new StandbyGate(reason, leader, false);
    }

    /** This gate's reason and leader, letting the reads of a copy through. */
    public StandbyGate servingCopy() {
        return new StandbyGate(reason, leader, true);
    }

    @Override
    public void handle(Context ctx) {
        if (servesCopy && isRead(ctx)) {
            return;
        }
        String url = leader();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", url == null ? reason : reason + "; the leading dealer answers at " + url);
        body.put("standing_by", true);
        body.put("leader", url);
        ctx.header("Retry-After", "5");
        ctx.status(503).json(body);
        ctx.skipRemainingHandlers();
    }

    /** The leading dealer's URL, asked again when the last answer is older than {@link #ASK_LEADER_EVERY}. */
    public synchronized String leader() {
        long now = System.nanoTime();
        if (!asked || now - askedAt > ASK_LEADER_EVERY.toNanos()) {
            asked = true;
            askedAt = now;
            lastLeader = leader.get();
        }
        return lastLeader;
    }

    private static boolean isRead(Context ctx) {
        HandlerType m = ctx.method();
        if (m != HandlerType.GET && m != HandlerType.HEAD) {
            return false;
        }
        String path = ctx.path();
        return !path.equals("/healthz") && !path.equals("/metrics") && !path.startsWith("/hb/")
                && !path.startsWith("/api/work") && !path.startsWith("/api/results");
    }
}
