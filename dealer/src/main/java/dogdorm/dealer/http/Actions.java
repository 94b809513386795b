package dogdorm.dealer.http;

import dogdorm.common.Durations;
import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.read.History;
import dogdorm.dealer.view.ActionsPage;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code /actions} (the page) and {@code /api/actions} (a JSON list): the remediation audit, newest first. Filters:
 * {@code target=ID}, {@code outcome=completed|errored|failed|dry-run|interrupted|pending|...}, requested
 * {@code since=} and {@code until=} a time ({@code 2026-12-05T10:00:00Z}) or {@code within=24h} of now, and
 * {@code limit=N} (1..10000, 100 by default).
 */
public final class Actions {
    private final History history;
    private final ActionsPage page;
    private final Clock clock;

    public Actions(History history, ActionsPage page, Clock clock) {
        this.history = history;
        this.page = page;
        this.clock = clock;
    }

    public void page(Context ctx) throws Exception {
        ctx.html(page.render(asked(ctx)));
    }

    public void api(Context ctx) throws Exception {
        ActionsPage.Asked a = asked(ctx);
        ctx.json(history.actionsMatching(a.query(), a.limit()));
    }

    /** The filters of the query string; a 400 naming the parameter when one is wrong. */
    private ActionsPage.Asked asked(Context ctx) {
        Long target = Params.queryId(ctx, "target", "target");
        String outcome = ctx.queryParam("outcome");
        outcome = outcome == null || outcome.isBlank() ? null : outcome.strip().toLowerCase(Locale.ROOT);
        Instant since = Params.instantParam(ctx, "since");
        Instant until = Params.instantParam(ctx, "until");
        String within = ctx.queryParam("within");
        within = within == null || within.isBlank() ? null : within.strip();
        if (within != null) {
            if (since != null) {
                throw ApiError.badRequest("within: give since or within, not both");
            }
            Duration d;
            try {
                d = Durations.parse(within);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("within: " + e.getMessage());
            }
            since = clock.instant().minus(d);
        }
        int limit = Params.intParam(ctx, "limit", 100, 1, 10_000);
        try {
            return new ActionsPage.Asked(new ActionQuery(target, outcome, since, until), within, limit);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
