package dogdorm.dealer.view;

import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.read.History;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /actions}: the audited remediation actions (DigitalOcean reboots and power cycles), newest first, filtered
 * by target, outcome and time, and whether actions are sent or only logged ({@code --dry-run}).
 */
public final class ActionsPage {
    /** The outcomes the filter always offers (others seen in the audit are added). */
    static final List<String> OUTCOMES = List.of("completed", "errored", "failed", "dry-run", "interrupted",
            ActionQuery.PENDING);
    /** How many recent actions the filter's choices of targets and outcomes are drawn from. */
    private static final int CHOICES_FROM = 1000;

    private final History logs;
    private final ReadModel reads;
    private final Clock clock;
    private final Pages pages;
    private final boolean dryRun;

    public ActionsPage(History logs, ReadModel reads, Clock clock, Pages pages, boolean dryRun) {
        this.logs = logs;
        this.reads = reads;
        this.clock = clock;
        this.pages = pages;
        this.dryRun = dryRun;
    }

    /** One action as shown; {@code outcome} is its final status, or "pending". */
    public record Row(long id, String requested, String requestedIso, long targetId, String target, String droplet,
                      String type, String api, String actionId, String outcome, String badge, String error,
                      String finished) {}

    /** One option of a filter. */
    public record Choice(String value, String label, boolean selected) {}

    /** The filters as asked: {@code within} as written (e.g. "24h"), null when not given. */
    public record Asked(ActionQuery query, String within, int limit) {}

    public String render(Asked asked) throws StoreException {
        Instant now = clock.instant();
        ActionQuery q = asked.query();
        List<Row> rows = new ArrayList<>();
        for (ActionRecord a : logs.actionsMatching(q, asked.limit())) {
            String outcome = a.finalStatus() == null ? ActionQuery.PENDING : a.finalStatus();
            rows.add(new Row(a.id(), Format.ago(a.requestedAt(), now), a.requestedAt().toString(), a.targetId(),
                    name(a.targetId()), a.dropletId(), a.type(), a.apiStatus() == null ? "" : a.apiStatus().toString(),
                    a.actionId() == null ? "" : a.actionId().toString(), outcome, badge(outcome),
                    a.error() == null ? "" : a.error(), a.finishedAt() == null ? "" : a.finishedAt().toString()));
        }
        Set<Long> targets = new LinkedHashSet<>();
        Set<String> outcomes = new LinkedHashSet<>(OUTCOMES);
        for (ActionRecord a : logs.actionsMatching(ActionQuery.all(), CHOICES_FROM)) {
            targets.add(a.targetId());
            if (a.finalStatus() != null) {
                outcomes.add(a.finalStatus());
            }
        }
        if (q.targetId() != null) {
            targets.add(q.targetId());
        }
        if (q.outcome() != null) {
            outcomes.add(q.outcome());
        }
        List<Choice> targetChoices = new ArrayList<>();
        for (long id : targets) {
            targetChoices.add(new Choice(Long.toString(id), name(id) + " (#" + id + ")",
                    q.targetId() != null && q.targetId() == id));
        }
        List<Choice> outcomeChoices = new ArrayList<>();
        for (String o : outcomes) {
            outcomeChoices.add(new Choice(o, o, o.equals(q.outcome())));
        }
        Map<String, String> periods = new LinkedHashMap<>();
        periods.put("1h", "last hour");
        periods.put("24h", "last 24 h");
        periods.put("7d", "last 7 days");
        periods.put("30d", "last 30 days");
        if (asked.within() != null && !periods.containsKey(asked.within())) {
            periods.put(asked.within(), "last " + asked.within());
        }
        List<Choice> periodChoices = new ArrayList<>();
        periods.forEach((v, label) -> periodChoices.add(new Choice(v, label, v.equals(asked.within()))));

        Map<String, Object> m = new HashMap<>();
        m.put("rows", rows);
        m.put("dryRun", dryRun);
        m.put("targets", targetChoices);
        m.put("outcomes", outcomeChoices);
        m.put("periods", periodChoices);
        m.put("since", asked.within() == null && q.since() != null ? q.since().toString() : "");
        m.put("until", q.until() == null ? "" : q.until().toString());
        m.put("filtered", q.targetId() != null || q.outcome() != null || q.since() != null || q.until() != null);
        m.put("limit", asked.limit());
        return pages.render("actions", m);
    }

    /** A target's name as the pages show it, or "#id (no longer watched)". */
    private String name(long id) {
        return reads.view(id).map(TargetView::name).orElse("#" + id + " (no longer watched)");
    }

    private static String badge(String outcome) {
        return switch (outcome) {
            case "completed" -> "up";
            case "errored", "failed", "interrupted" -> "down";
            default -> "unknown";
        };
    }
}
