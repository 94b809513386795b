package dogdorm.dealer.incident;

import java.time.Duration;
import java.time.Instant;

/**
 * A period of downtime of one target: opened by a confirmed up -> down change (with the first error and the
 * worker that saw it), closed by the confirmed down -> up change. {@code upAt} is null while open.
 */
public record Incident(long id, long targetId, String description, Instant downAt, Instant upAt, String worker) {

    public boolean open() {
        return upAt == null;
    }

    /** How long it lasted, or has lasted until {@code now} while open. */
    public Duration duration(Instant now) {
        return Duration.between(downAt, upAt != null ? upAt : now);
    }

    public Incident closed(Instant at) {
        return new Incident(id, targetId, description, downAt, at, worker);
    }
}
