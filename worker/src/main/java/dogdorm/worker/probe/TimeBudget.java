package dogdorm.worker.probe;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One check's time limit, read from {@link System#nanoTime()}: every blocking step of a probe asks it how long it
 * may still wait, so the whole check (resolving, connecting, waiting for the answer) fits in the timeout the
 * runner gave.
 */
final class TimeBudget {
    private final long start;
    private final long end;
    private final Duration total;

    private TimeBudget(long start, Duration total) {
        this.start = start;
        this.total = total;
        this.end = start + total.toNanos();
    }

    /** A budget of {@code total} starting now. */
    static TimeBudget of(Duration total) {
        return new TimeBudget(System.nanoTime(), total);
    }

    /** The nanoTime this budget started at. */
    long start() {
        return start;
    }

    long totalMillis() {
        return total.toMillis();
    }

    long remainingNanos() {
        return end - System.nanoTime();
    }

    /**
     * Milliseconds left, rounded up, and 0 when spent; for APIs where 0 means "wait forever" use
     * {@link #socketTimeout()}.
     */
    long remainingMillis() {
        long n = remainingNanos();
        return n <= 0 ? 0 : (n + 999_999) / 1_000_000;
    }

    /** Milliseconds left, at least 1, for socket timeouts (where 0 means forever); throws when nothing is left. */
    int socketTimeout() throws SocketTimeoutException {
        long ms = remainingMillis();
        if (ms <= 0) {
            throw new SocketTimeoutException("no answer within " + total.toMillis() + " ms");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /** The time left, never negative: for APIs that take a Duration. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    boolean expired() {
        return remainingNanos() <= 0;
    }

    /** A budget that ends {@code reserve} before this one (never before now), leaving time for cleaning up. */
    TimeBudget less(Duration reserve) {
        long now = System.nanoTime();
        long shorter = Math.max(now, end - reserve.toNanos());
        return new TimeBudget(start, Duration.ofNanos(shorter - start));
    }
}
