package dogdorm.dealer.http;

import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.PingKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET|POST|HEAD /hb/{token}[/start|/fail]}: the URLs cron jobs call, without auth (the token is the key).
 * 200 {@code ok}; a paused token 200 {@code ignored: paused}; an unknown token 404; an address that sent too many
 * unknown tokens 429 ({@link UnknownTokenLimit}). Memory only: the ping is written by the next flush. A POST body
 * (the job's output) is kept up to 10 KB.
 */
public final class HeartbeatPings {
    private final Heartbeats heartbeats;
    private final UnknownTokenLimit limit;

    public HeartbeatPings(Heartbeats heartbeats, UnknownTokenLimit limit) {
        this.heartbeats = heartbeats;
        this.limit = limit;
    }

    public void success(Context ctx) throws IOException {
        ping(ctx, PingKind.SUCCESS);
    }

    public void start(Context ctx) throws IOException {
        ping(ctx, PingKind.START);
    }

    public void fail(Context ctx) throws IOException {
        ping(ctx, PingKind.FAIL);
    }

    private void ping(Context ctx, PingKind kind) throws IOException {
        long wait = limit.refusedFor(ctx.ip());
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait)).header("Cache-Control", "no-store")
                    .contentType("text/plain; charset=utf-8").status(429)
                    .result("too many pings with unknown tokens from this address: try again in " + wait + " s");
            return;
        }
        String method = ctx.method().name();
        Heartbeats.Received r = method.equals("POST") ? withBody(ctx)
                : new Heartbeats.Received(method, ctx.ip(), ctx.userAgent(), "", 0, false);
        Heartbeats.Outcome o = heartbeats.ping(ctx.pathParam("token"), kind, r);
        ctx.header("Cache-Control", "no-store").contentType("text/plain; charset=utf-8");
        switch (o) {
            case RECORDED -> ctx.result("ok");
            case IGNORED -> ctx.result("ignored: paused");
            case UNKNOWN -> {
                limit.unknown(ctx.ip());
                ctx.status(404).result("no such heartbeat token");
            }
        }
    }

    /** Reads the first 10 KB of the body and counts (without keeping) the rest, up to the dealer's body limit. */
    private static Heartbeats.Received withBody(Context ctx) throws IOException {
        InputStream in = ctx.req().getInputStream();
        byte[] head = in.readNBytes(Ping.MAX_BODY);
        long rest = 0;
        byte[] skip = new byte[8192];
        int n;
        while (rest < App.MAX_BODY && (n = in.read(skip)) > 0) {
            rest += n;
        }
        return new Heartbeats.Received("POST", ctx.ip(), ctx.userAgent(), new String(head, StandardCharsets.UTF_8),
                head.length + rest, rest > 0);
    }
}
