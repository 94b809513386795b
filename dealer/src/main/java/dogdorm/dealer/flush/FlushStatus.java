package dogdorm.dealer.flush;

import java.time.Instant;

/**
 * The outcome of one flush: when it started, whether it was stored, how many rows, how long it took, and when it
 * failed, why (the store's plain cause: disk full, read-only, locked...).
 */
public record FlushStatus(Instant at, boolean ok, int rows, long millis, String error) {
    public static FlushStatus ok(Instant at, int rows, long millis) {
        return new FlushStatus(at, true, rows, millis, null);
    }

    public static FlushStatus failed(Instant at, long millis, String error) {
        return new FlushStatus(at, false, 0, millis, error);
    }
}
