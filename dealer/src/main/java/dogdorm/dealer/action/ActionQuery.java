package dogdorm.dealer.action;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Which audited actions to list: of one target (null: any), with one outcome (null: any), requested within
 * {@code [since, until)} (null: open). An outcome is a final status as the audit keeps it ({@code completed},
 * {@code errored}, {@code failed}, {@code dry-run}, {@code interrupted}, ...), or {@link #PENDING} for an action
 * still waiting for one.
 */
public record ActionQuery(Long targetId, String outcome, Instant since, Instant until) {
    /** The outcome of an action that has no final status yet. */
    public static final String PENDING = "pending";
    private static final Pattern OUTCOME = Pattern.compile("[a-z][a-z_-]{0,39}");

    public ActionQuery {
        if (outcome != null && !OUTCOME.matcher(outcome).matches()) {
            throw new IllegalArgumentException("outcome: '" + outcome + "' is not an outcome (completed, errored, "
                    + "failed, dry-run, pending, ...)");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since: " + since + " is not before until " + until);
        }
    }

    /** Every action. */
    public static ActionQuery all() {
        return new ActionQuery(null, null, null, null);
    }

    /** The actions of one target (null: every target's). */
    public static ActionQuery of(Long targetId) {
        return new ActionQuery(targetId, null, null, null);
    }

    public boolean matches(ActionRecord a) {
        return (targetId == null || a.targetId() == targetId)
                && (outcome == null || (PENDING.equals(outcome) ? a.finalStatus() == null
                        : outcome.equals(a.finalStatus())))
                && (since == null || !a.requestedAt().isBefore(since))
                && (until == null || a.requestedAt().isBefore(until));
    }
}
