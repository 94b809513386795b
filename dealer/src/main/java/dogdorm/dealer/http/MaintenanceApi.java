package dogdorm.dealer.http;

import com.fasterxml.jackson.databind.JsonNode;
import dogdorm.dealer.maintenance.Maintenance;
import dogdorm.dealer.maintenance.Scope;
import dogdorm.dealer.maintenance.Window;
import dogdorm.dealer.maintenance.WindowSpec;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.view.WindowView;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/maintenance}: list, create, read, replace and delete maintenance windows, as JSON, behind the admin
 * auth. Bodies are validated with a 400 that names the field (an unknown one too); unknown ids are 404. A change is
 * answered once it is stored; a store that fails is a 503 and nothing changes.
 */
public final class MaintenanceApi {
    /**
     * A create or replace body: {@code target} (an id) or {@code list} (a list file's name); {@code start} and
     * {@code end} for a one-off window, or {@code days}, {@code time} and {@code duration} (the project's syntax,
     * {@code 2h}, or a whole number of seconds) for a weekly one; {@code tz} (UTC if left out). {@code tag}: every
     * target with that tag, instead of a target or a list.
     */
    public record Body(String name, Long target, String list, JsonNode tag, String start, String end,
                       List<String> days, String time, JsonNode duration, String tz) {
        WindowSpec.Fields fields() {
            return new WindowSpec.Fields(name, target == null ? null : String.valueOf(target), list,
                    tag == null || tag.isNull() ? null : tag.isTextual() ? tag.textValue() : tag.toString(), start,
                    end, days, time, HeartbeatsApi.Body.duration(duration, "duration"), tz);
        }
    }

    private final Maintenance maintenance;
    private final JsonBody body;
    private final WindowSpec.Known known;

    public MaintenanceApi(Maintenance maintenance, JsonBody body, WindowSpec.Known known) {
        this.maintenance = maintenance;
        this.body = body;
        this.known = known;
    }

    /** What the dealer has now: its targets, the list files they come from, and their tags. */
    public static WindowSpec.Known known(ReadModel reads) {
        return new WindowSpec.Known() {
            @Override
            public boolean target(long id) {
                return reads.view(id).isPresent();
            }

            @Override
            public boolean list(String file) {
                return reads.lowestId(s -> file.equals(s.sourceFile())).isPresent();
            }

            @Override
            public boolean tag(String tag) {
                return reads.hasTag(tag);
            }
        };
    }

    public void list(Context ctx) {
        Instant now = maintenance.windows().now();
        List<WindowView> all = maintenance.windows().all().stream().map(w -> WindowView.of(w, now))
                .sorted(WindowView.ORDER).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", now);
        out.put("count", all.size());
        out.put("active", all.stream().filter(v -> v.state().equals("active")).count());
        out.put("windows", all);
        ctx.header("Cache-Control", "no-store").json(out);
    }

    public void create(Context ctx) {
        WindowSpec spec = spec(ctx, known);
        Window w = stored(() -> maintenance.create(spec));
        ctx.status(201).header("Location", "/api/maintenance/" + w.id()).json(view(w));
    }

    public void get(Context ctx) {
        long id = id(ctx);
        ctx.json(view(maintenance.windows().get(id).orElseThrow(() -> notFound(id))));
    }

    public void update(Context ctx) {
        long id = id(ctx);
        Scope was = maintenance.windows().get(id).orElseThrow(() -> notFound(id)).scope();
        // a window may keep naming a target, a list or a tag that went since: only a new one must exist now
        WindowSpec spec = spec(ctx, new WindowSpec.Known() {
            @Override
            public boolean target(long target) {
                return Long.valueOf(target).equals(was.target()) || known.target(target);
            }

            @Override
            public boolean list(String file) {
                return file.equals(was.list()) || known.list(file);
            }

            @Override
            public boolean tag(String tag) {
                return tag.equals(was.tag()) || known.tag(tag);
            }
        });
        ctx.json(view(stored(() -> maintenance.update(id, spec)).orElseThrow(() -> notFound(id))));
    }

    public void delete(Context ctx) {
        long id = id(ctx);
        if (!stored(() -> maintenance.delete(id))) {
            throw notFound(id);
        }
        ctx.status(204);
    }

    private WindowSpec spec(Context ctx, WindowSpec.Known known) {
        WindowSpec.Fields f = body.readStrict(ctx, Body.class).fields();
        try {
            return WindowSpec.parse(f, maintenance.windows().now(), known);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private WindowView view(Window w) {
        return WindowView.of(w, maintenance.windows().now());
    }

    /** A change to the store. */
    @FunctionalInterface
    interface Change<T> {
        T run() throws StoreException;
    }

    /** {@code change}'s result once stored; a 503 naming the cause when the store failed (nothing changed then). */
    static <T> T stored(Change<T> change) {
        try {
            return change.run();
        } catch (StoreException e) {
            throw new ApiError(503, "the change could not be stored, so it is not made (" + e.getMessage() + ")");
        }
    }

    static long id(Context ctx) {
        return Params.pathId(ctx, "maintenance window");
    }

    static ApiError notFound(long id) {
        return new ApiError(404, "no maintenance window #" + id);
    }
}
