package dogdorm.dealer.http;

import com.fasterxml.jackson.databind.JsonNode;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.read.History;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.view.HeartbeatView;
import io.javalin.http.Context;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/heartbeats}: list, create, read, update, pause, resume, delete, pings and transitions, as JSON, behind
 * the admin auth. Bodies are validated with a 400 that names the field (an unknown field too: a typo such as
 * {@code grace_period} must not quietly leave the default); unknown ids are 404.
 */
public final class HeartbeatsApi {
    /**
     * A create or update body: an {@code interval} or a {@code cron} expression (with {@code tz}, UTC if left out);
     * durations in the project's syntax ({@code 5m}, {@code 1h}) or as a whole number of seconds ({@code 300});
     * grace may be left out.
     */
    public record Body(String name, String description, JsonNode interval, String cron, String tz, JsonNode grace) {
        HeartbeatSpec spec() {
            try {
                return HeartbeatSpec.parse(name, description, duration(interval, "interval"), cron, tz,
                        duration(grace, "grace"));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }

        /** A duration as text in the project's syntax: a string as it is, a number of seconds as {@code 60s}. */
        static String duration(JsonNode v, String field) {
            if (v == null || v.isNull()) {
                return null;
            }
            if (v.isTextual()) {
                return v.textValue();
            }
            if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() > 0) {
                return v.longValue() + "s";
            }
            if (v.isNumber()) {
                throw ApiError.badRequest(field + ": " + v + " is not a whole number of seconds greater than zero");
            }
            String got = switch (v.getNodeType()) {
                case OBJECT -> "an object";
                case ARRAY -> "a list";
                case BOOLEAN -> v.asText();
                default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
            };
            throw ApiError.badRequest(field + ": expected a duration such as \"5m\" or a number of seconds, not "
                    + got);
        }
    }

    private final Heartbeats heartbeats;
    private final History history;
    private final Saved saved;
    private final JsonBody body;
    private final Supplier<String> fallbackHost;

    /** @param fallbackHost host:port for ping URLs when a request has no usable Host header */
    public HeartbeatsApi(Heartbeats heartbeats, History history, Saved saved, JsonBody body,
                         Supplier<String> fallbackHost) {
        this.heartbeats = heartbeats;
        this.history = history;
        this.saved = saved;
        this.body = body;
        this.fallbackHost = fallbackHost;
    }

    public void list(Context ctx) {
        Instant now = heartbeats.now();
        String base = baseUrl(ctx, fallbackHost);
        List<Heartbeat> tokens = heartbeats.all();
        List<HeartbeatView> all = tokens.stream().map(h -> HeartbeatView.of(h, now, base)).toList();
        Map<String, Integer> states = new LinkedHashMap<>();
        HeartbeatState.count(tokens, now).forEach((s, n) -> states.put(s.wire(), n));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", now);
        out.put("count", all.size());
        out.put("down", states.get("down"));
        out.put("states", states);
        out.put("heartbeats", all);
        ctx.header("Cache-Control", "no-store").json(out);
    }

    public void create(Context ctx) {
        HeartbeatSpec spec = body.readStrict(ctx, Body.class).spec();
        Heartbeat h = saved.of(heartbeats.create(spec));
        ctx.status(201).header("Location", "/api/heartbeats/" + h.id()).json(view(ctx, h));
    }

    public void get(Context ctx) {
        long id = id(ctx);
        ctx.json(view(ctx, heartbeats.get(id).orElseThrow(() -> notFound(id))));
    }

    public void update(Context ctx) {
        long id = id(ctx);
        heartbeats.get(id).orElseThrow(() -> notFound(id));
        HeartbeatSpec spec = body.readStrict(ctx, Body.class).spec();
        answer(ctx, id, saved.of(heartbeats.update(id, spec)));
    }

    public void pause(Context ctx) {
        long id = id(ctx);
        answer(ctx, id, saved.of(heartbeats.pause(id)));
    }

    public void resume(Context ctx) {
        long id = id(ctx);
        answer(ctx, id, saved.of(heartbeats.resume(id)));
    }

    public void delete(Context ctx) {
        long id = id(ctx);
        if (!saved.of(heartbeats.delete(id))) {
            throw notFound(id);
        }
        ctx.status(204);
    }

    public void pings(Context ctx) throws StoreException {
        long id = id(ctx);
        heartbeats.get(id).orElseThrow(() -> notFound(id));
        int limit = Params.intParam(ctx, "limit", Ping.KEPT, 1, Ping.KEPT);
        ctx.json(Map.of("heartbeat", id, "pings", history.pings(id, limit)));
    }

    public void transitions(Context ctx) throws StoreException {
        long id = id(ctx);
        heartbeats.get(id).orElseThrow(() -> notFound(id));
        int limit = Params.intParam(ctx, "limit", 100, 1, 1000);
        ctx.json(Map.of("heartbeat", id, "transitions", history.transitions(id, limit)));
    }

    private void answer(Context ctx, long id, Optional<Heartbeat> h) {
        ctx.json(view(ctx, h.orElseThrow(() -> notFound(id))));
    }

    private HeartbeatView view(Context ctx, Heartbeat h) {
        return HeartbeatView.of(h, heartbeats.now(), baseUrl(ctx, fallbackHost));
    }

    static long id(Context ctx) {
        return Params.pathId(ctx, "heartbeat");
    }

    static ApiError notFound(long id) {
        return new ApiError(404, "no heartbeat #" + id);
    }

    /**
     * How the client reached the dealer ({@code http://host:port}), for ping URLs: the request's Host (and
     * {@code X-Forwarded-Proto: https} from a TLS proxy); {@code fallbackHost} when the Host header is odd.
     */
    static String baseUrl(Context ctx, Supplier<String> fallbackHost) {
        String host = ctx.header("Host");
        if (host == null || !host.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")) {
            host = fallbackHost.get();
        }
        String proto = "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")) ? "https" : ctx.scheme();
        return proto + "://" + host;
    }
}
