package dogdorm.dealer.http;

import dogdorm.dealer.incident.IncidentQuery;
import dogdorm.dealer.read.History;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.view.IncidentsPage;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /incidents} (the page) and {@code /api/incidents} (JSON): every target's incidents, newest first. Filters:
 * {@code state=open|closed}, {@code target=ID}, {@code since=2026-12-05T10:00:00Z} (those still open at or after
 * that time: closed since, or open), {@code limit=N} (1..10000, 100 by default). A bad filter is a 400 naming it.
 */
public final class Incidents {
    private final History history;
    private final IncidentsPage page;

    public Incidents(History history, IncidentsPage page) {
        this.history = history;
        this.page = page;
    }

    public void page(Context ctx) throws StoreException {
        Asked a = asked(ctx);
        ctx.html(page.render(a.shown(), page.entries(history.incidentsMatching(a.query(), a.shown().limit()))));
    }

    public void api(Context ctx) throws StoreException {
        Asked a = asked(ctx);
        List<IncidentsPage.Entry> entries = page.entries(history.incidentsMatching(a.query(), a.shown().limit()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", entries.size());
        out.put("incidents", entries);
        ctx.json(out);
    }

    private record Asked(IncidentQuery query, IncidentsPage.Asked shown) {}

    /** The filters of the query string; a 400 naming the parameter when one is wrong. */
    private static Asked asked(Context ctx) {
        String state = ctx.queryParam("state");
        state = state == null || state.isBlank() ? null : state.strip().toLowerCase(Locale.ROOT);
        Boolean open = null;
        if (state != null) {
            open = switch (state) {
                case "open" -> true;
                case "closed" -> false;
                default -> throw ApiError.badRequest("state: '" + ctx.queryParam("state") + "' is not open or closed");
            };
        }
        Long target = Params.queryId(ctx, "target", "target");
        Instant since = Params.instantParam(ctx, "since");
        int limit = Params.intParam(ctx, "limit", 100, 1, 10_000);
        return new Asked(new IncidentQuery(target == null ? null : Set.of(target), open, since),
                new IncidentsPage.Asked(state == null ? "" : state, target == null ? "" : target.toString(),
                        since == null ? "" : since.toString(), limit));
    }
}
