package dogdorm.dealer.incident;

import java.time.Instant;
import java.util.Set;

/**
 * Which incidents to list: of some targets ({@code targetIds}, null: every target's), open or closed ({@code open},
 * null: both), and still open at or after {@code since} (null: any time): one that opened before it and closed
 * after it, or is still open, is part of what happened since.
 */
public record IncidentQuery(Set<Long> targetIds, Boolean open, Instant since) {
    public IncidentQuery {
        targetIds = targetIds == null ? null : Set.copyOf(targetIds);
    }

    /** Every incident. */
    public static IncidentQuery all() {
        return new IncidentQuery(null, null, null);
    }

    public boolean matches(Incident i) {
        return (targetIds == null || targetIds.contains(i.targetId()))
                && (open == null || open == i.open())
                && (since == null || i.open() || !i.upAt().isBefore(since));
    }
}
