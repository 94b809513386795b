package dogdorm.dealer.http;

import dogdorm.dealer.flush.FlushStatus;
import dogdorm.dealer.flush.Flusher;

/**
 * A change is answered only once it is stored: the flusher writes it (with whatever else waits) before the answer.
 * A store that fails is a 503 naming the cause; the change stays made in memory and the next flush that works
 * stores it.
 */
public final class Saved {
    private final Flusher flusher;

    public Saved(Flusher flusher) {
        this.flusher = flusher;
    }

    /** {@code changed}, once the change that made it is stored. */
    <T> T of(T changed) {
        FlushStatus s = flusher.flushNow();
        if (!s.ok()) {
            throw new ApiError(503, "the change is made but could not be stored yet (" + s.error()
                    + "); the next flush that works stores it");
        }
        return changed;
    }
}
