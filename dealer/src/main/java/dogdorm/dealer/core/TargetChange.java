package dogdorm.dealer.core;

/**
 * What a change asked of a target in the UI or the API came to: its outcome, the target's id (null when there is
 * none) and, when refused, why (naming where the target's row comes from).
 */
public record TargetChange(Outcome outcome, Long id, String reason) {
    /** How a change ended. */
    public enum Outcome {
        ADDED, UPDATED, UNCHANGED, DELETED,
        /** No target has that id. */
        NOT_FOUND,
        /** Another source owns the target or its key: a list file stays the source of its own rows. */
        REFUSED
    }

    static TargetChange of(Outcome outcome, long id) {
        return new TargetChange(outcome, id, null);
    }

    static TargetChange notFound(long id) {
        return new TargetChange(Outcome.NOT_FOUND, id, "no target #" + id);
    }

    static TargetChange refused(Long id, String reason) {
        return new TargetChange(Outcome.REFUSED, id, reason);
    }

    /** Whether it was done (added, updated, deleted, or already so). */
    public boolean done() {
        return outcome != Outcome.NOT_FOUND && outcome != Outcome.REFUSED;
    }
}
