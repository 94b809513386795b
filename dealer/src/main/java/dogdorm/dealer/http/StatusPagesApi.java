package dogdorm.dealer.http;

import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.statuspage.StatusPage;
import dogdorm.dealer.statuspage.StatusPageSpec;
import dogdorm.dealer.statuspage.StatusPages;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/status-pages}: list, create, read, replace and delete the public status pages, as JSON, behind the
 * admin auth. Bodies are validated with a 400 that names the field (an unknown field and an unknown target id too);
 * a slug another page has is a 409, an unknown slug a 404. A change is answered once it is stored.
 */
public final class StatusPagesApi {
    /** A create or replace body; on a replace, a missing slug keeps the page's own. */
    public record Body(String slug, String title, String description, List<Long> targets, List<String> lists,
                       List<String> tags) {}

    /** One page as the API shows it; {@code url} is where the public page is. */
    public record View(long id, String slug, String url, String title, String description, List<Long> targets,
                       List<String> lists, List<String> tags, Instant created, Instant updated) {
        static View of(StatusPage p) {
            StatusPageSpec s = p.spec();
            return new View(p.id(), s.slug(), "/status-page/" + s.slug(), s.title(), s.description(), s.targets(),
                    s.lists(), s.tags(), p.created(), p.updated());
        }
    }

    private final StatusPages pages;
    private final ReadModel reads;
    private final Saved saved;
    private final JsonBody body;

    public StatusPagesApi(StatusPages pages, ReadModel reads, Saved saved, JsonBody body) {
        this.pages = pages;
        this.reads = reads;
        this.saved = saved;
        this.body = body;
    }

    public void list(Context ctx) {
        List<View> all = pages.all().stream().map(View::of).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", all.size());
        out.put("status_pages", all);
        ctx.header("Cache-Control", "no-store").json(out);
    }

    public void create(Context ctx) {
        StatusPageSpec spec = spec(body.readStrict(ctx, Body.class), null, null);
        StatusPage p = saved.of(taken(() -> pages.create(spec)));
        ctx.status(201).header("Location", "/api/status-pages/" + p.slug()).json(View.of(p));
    }

    public void get(Context ctx) {
        String slug = slug(ctx);
        ctx.json(View.of(pages.get(slug).orElseThrow(() -> notFound(slug))));
    }

    public void update(Context ctx) {
        String slug = slug(ctx);
        StatusPage was = pages.get(slug).orElseThrow(() -> notFound(slug));
        StatusPageSpec spec = spec(body.readStrict(ctx, Body.class), slug, was.spec());
        Optional<StatusPage> p = saved.of(taken(() -> pages.update(slug, spec)));
        ctx.json(View.of(p.orElseThrow(() -> notFound(slug))));
    }

    public void delete(Context ctx) {
        String slug = slug(ctx);
        if (!saved.of(pages.delete(slug))) {
            throw notFound(slug);
        }
        ctx.status(204);
    }

    /**
     * The body as a page's definition; every target id must name a target now, and every tag one a target has (a
     * typo is caught here), except those the page had already ({@code was}, null for a new page): a target or a tag
     * that went since does not hold up an edit of the title.
     */
    private StatusPageSpec spec(Body b, String keepSlug, StatusPageSpec was) {
        StatusPageSpec spec;
        try {
            spec = new StatusPageSpec(b.slug() == null && keepSlug != null ? keepSlug : b.slug(), b.title(),
                    b.description(), b.targets(), b.lists(), b.tags());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        List<Long> given = b.targets() == null ? List.of() : b.targets();
        for (int i = 0; i < given.size(); i++) {
            long id = given.get(i);
            if (reads.view(id).isEmpty() && (was == null || !was.targets().contains(id))) {
                throw ApiError.badRequest("targets[" + i + "]: no target #" + id + " (see /api/targets)");
            }
        }
        List<String> tags = spec.tags();
        for (String tag : tags) {
            if (!reads.hasTag(tag) && (was == null || !was.tags().contains(tag))) {
                throw ApiError.badRequest("tags: no target has the tag '" + tag + "'");
            }
        }
        return spec;
    }

    private static <T> T taken(Supplier<T> change) {
        try {
            return change.get();
        } catch (StatusPages.SlugTaken e) {
            throw new ApiError(409, e.getMessage());
        }
    }

    /** The path's slug; one that no page could have is no page (404), not a bad request. */
    private static String slug(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (!StatusPageSpec.plausible(slug)) {
            throw notFound(slug);
        }
        return slug;
    }

    private static ApiError notFound(String slug) {
        return new ApiError(404, "no status page '" + slug + "'");
    }
}
