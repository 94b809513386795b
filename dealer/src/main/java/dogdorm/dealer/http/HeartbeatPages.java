package dogdorm.dealer.http;

import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.read.History;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.view.HeartbeatsPage;
import io.javalin.http.Context;
import java.util.function.Supplier;
import io.javalin.http.HttpStatus;

/**
 * The heartbeat pages: {@code GET /heartbeats}, {@code GET /heartbeats/{id}}, and the changes, each a POST from a
 * form with the CSRF token ({@link Csrf}, checked before these run), answered with a redirect (303) back.
 */
public final class HeartbeatPages {
    private final Heartbeats heartbeats;
    private final History history;
    private final Saved saved;
    private final HeartbeatsPage page;
    private final Csrf csrf;
    private final Supplier<String> fallbackHost;

    public HeartbeatPages(Heartbeats heartbeats, History history, Saved saved, HeartbeatsPage page, Csrf csrf,
                          Supplier<String> fallbackHost) {
        this.heartbeats = heartbeats;
        this.history = history;
        this.saved = saved;
        this.page = page;
        this.csrf = csrf;
        this.fallbackHost = fallbackHost;
    }

    public void list(Context ctx) {
        ctx.header("Cache-Control", "no-store").html(page.list(heartbeats.all(), heartbeats.now(),
                csrf.tokenFor(ctx), HeartbeatsApi.baseUrl(ctx, fallbackHost), null, null));
    }

    public void detail(Context ctx) throws StoreException {
        long id = HeartbeatsApi.id(ctx);
        Heartbeat h = heartbeats.get(id).orElseThrow(() -> HeartbeatsApi.notFound(id));
        detail(ctx, h, null, null);
    }

    private void detail(Context ctx, Heartbeat h, HeartbeatsPage.Form form, String error) throws StoreException {
        ctx.header("Cache-Control", "no-store").html(page.detail(h, heartbeats.all(), history.pings(h.id(),
                Ping.KEPT), history.transitions(h.id(), 100), heartbeats.now(), csrf.tokenFor(ctx),
                HeartbeatsApi.baseUrl(ctx, fallbackHost), form, error));
    }

    public void create(Context ctx) {
        HeartbeatsPage.Form form = form(ctx);
        HeartbeatSpec spec;
        try {
            spec = spec(form);
        } catch (IllegalArgumentException e) {
            ctx.status(400).html(page.list(heartbeats.all(), heartbeats.now(), csrf.tokenFor(ctx),
                    HeartbeatsApi.baseUrl(ctx, fallbackHost), form, e.getMessage()));
            return;
        }
        Heartbeat h = saved.of(heartbeats.create(spec));
        ctx.redirect("/heartbeats#hb-" + h.id(), HttpStatus.SEE_OTHER);
    }

    public void update(Context ctx) throws StoreException {
        long id = HeartbeatsApi.id(ctx);
        Heartbeat h = heartbeats.get(id).orElseThrow(() -> HeartbeatsApi.notFound(id));
        HeartbeatsPage.Form form = form(ctx);
        HeartbeatSpec spec;
        try {
            spec = spec(form);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            detail(ctx, h, form, e.getMessage());
            return;
        }
        saved.of(heartbeats.update(id, spec)).orElseThrow(() -> HeartbeatsApi.notFound(id));
        ctx.redirect("/heartbeats/" + id, HttpStatus.SEE_OTHER);
    }

    public void pause(Context ctx) {
        long id = HeartbeatsApi.id(ctx);
        saved.of(heartbeats.pause(id)).orElseThrow(() -> HeartbeatsApi.notFound(id));
        back(ctx, id);
    }

    public void resume(Context ctx) {
        long id = HeartbeatsApi.id(ctx);
        saved.of(heartbeats.resume(id)).orElseThrow(() -> HeartbeatsApi.notFound(id));
        back(ctx, id);
    }

    public void delete(Context ctx) {
        long id = HeartbeatsApi.id(ctx);
        if (!saved.of(heartbeats.delete(id))) {
            throw HeartbeatsApi.notFound(id);
        }
        ctx.redirect("/heartbeats", HttpStatus.SEE_OTHER);
    }

    private static void back(Context ctx, long id) {
        ctx.redirect("detail".equals(ctx.formParam("back")) ? "/heartbeats/" + id : "/heartbeats#hb-" + id,
                HttpStatus.SEE_OTHER);
    }

    private static HeartbeatsPage.Form form(Context ctx) {
        return new HeartbeatsPage.Form(text(ctx, "name"), text(ctx, "interval"), text(ctx, "cron"), text(ctx, "tz"),
                text(ctx, "grace"), text(ctx, "description"));
    }

    private static HeartbeatSpec spec(HeartbeatsPage.Form f) {
        return HeartbeatSpec.parse(f.name(), f.description(), f.interval(), f.cron(), f.tz(), f.grace());
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }
}
