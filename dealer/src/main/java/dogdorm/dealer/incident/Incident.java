package dogdorm.dealer.incident;

import java.time.Duration;
import java.time.Instant;

/**
 * A period of downtime of one target: opened by a confirmed change to down (with the first error and the worker
 * that saw it), closed by the confirmed down -> up change. {@code downAt} is the first failed check of the run
 * that was confirmed at {@code confirmedAt} (null for incidents stored before it was kept); {@code upAt}, the
 * check that confirmed it up again, is null while open.
 */
public record Incident(long id, long targetId, String description, Instant downAt, Instant confirmedAt, Instant upAt,
                       String worker) {

    public boolean open() {
        return upAt == null;
    }

    /** How long it lasted, or has lasted until {@code now} while open. */
    public Duration duration(Instant now) {
        return Duration.between(downAt, upAt != null ? upAt : now);
    }

    public Incident closed(Instant at) {
        return new Incident(id, targetId, description, downAt, confirmedAt, at, worker);
    }
}
