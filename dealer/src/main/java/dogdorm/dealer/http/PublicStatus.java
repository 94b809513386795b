package dogdorm.dealer.http;

import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.read.UptimeHistory;
import dogdorm.dealer.statuspage.StatusPage;
import dogdorm.dealer.statuspage.StatusPageSpec;
import dogdorm.dealer.statuspage.StatusPages;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.view.Badge;
import dogdorm.dealer.view.PublicStatusPage;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;

/**
 * What anyone may see without the admin's password: {@code /status-page/{slug}} (a status page the admin defined)
 * and {@code /badge/{id}.svg} (a target's state, or with {@code ?type=uptime} its uptime over 30 days, as an SVG
 * badge; {@code ?label=} replaces the target's name on its left). Neither shows an address, a user, a password, a
 * token or a worker.
 */
public final class PublicStatus {
    static final String BADGE_TYPE = "image/svg+xml; charset=utf-8";
    /** How long a badge or a status page may be cached: short, so a change shows within a minute or two. */
    static final String CACHE = "max-age=60";

    private final StatusPages pages;
    private final PublicStatusPage page;
    private final ReadModel reads;
    private final UptimeHistory uptime;

    public PublicStatus(StatusPages pages, PublicStatusPage page, ReadModel reads, UptimeHistory uptime) {
        this.pages = pages;
        this.page = page;
        this.reads = reads;
        this.uptime = uptime;
    }

    /** {@code GET /status-page/{slug}}: the page, or an HTML 404 saying there is none. */
    public void statusPage(Context ctx) throws StoreException {
        String slug = ctx.pathParam("slug");
        Optional<StatusPage> p = StatusPageSpec.plausible(slug) ? pages.get(slug) : Optional.empty();
        if (p.isEmpty()) {
            ctx.status(404).html(page.missing(slug));
            return;
        }
        ctx.header("Cache-Control", CACHE).html(page.render(p.get()));
    }

    /** {@code GET /badge/{id}.svg}: an unknown target is an "unknown" badge with a 404, so an image still shows. */
    public void badge(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".svg")) {
            throw new ApiError(404, "no such badge: badges are /badge/{id}.svg");
        }
        String raw = file.substring(0, file.length() - 4);
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("id: '" + raw + "' is not a target id");
        }
        String type = ctx.queryParam("type");
        type = type == null || type.isBlank() ? "state" : type.strip().toLowerCase(Locale.ROOT);
        if (!type.equals("state") && !type.equals("uptime")) {
            throw ApiError.badRequest("type: '" + ctx.queryParam("type") + "' is not state or uptime");
        }
        String label = label(ctx);
        Optional<TargetView> t = reads.view(id);
        String svg;
        if (t.isEmpty()) {
            ctx.status(404);
            svg = Badge.svg(label != null ? label : "target #" + id, "unknown", Badge.UNKNOWN);
        } else if (type.equals("uptime")) {
            svg = Badge.uptime(label != null ? label : t.get().name(), uptime.summary(id).pct30d(), "30d");
        } else {
            svg = Badge.state(label != null ? label : t.get().name(), t.get().state());
        }
        ctx.contentType(BADGE_TYPE).header("Cache-Control", CACHE).header("X-Content-Type-Options", "nosniff")
                .result(svg);
    }

    /** {@code ?label=}: up to 40 characters, none of them a control character; null when not given. */
    private static String label(Context ctx) {
        String l = ctx.queryParam("label");
        if (l == null || l.isBlank()) {
            return null;
        }
        l = l.strip();
        if (l.codePointCount(0, l.length()) > 40) {
            throw ApiError.badRequest("label: longer than 40 characters");
        }
        if (l.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("label: has a control character");
        }
        return l;
    }
}
