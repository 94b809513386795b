package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

/**
 * Whether a probe gave up at its timeout: not early (it waited at least 95% of it), and not much later. "Much"
 * is a quarter of a second or a fifth of the timeout, whichever is more: room for a loaded CI machine, and still
 * far short of a second timeout or a forgotten deadline.
 */
final class Deadlines {
    static final long SLACK_MS = 250;

    private Deadlines() {}

    static void assertGaveUpAt(long startNanos, Duration timeout) {
        assertGaveUpWithin(startNanos, Math.round(timeout.toMillis() * 0.95), timeout);
    }

    /** As {@link #assertGaveUpAt}, for a probe that keeps part of its time for cleanup: not before {@code earliestMs}. */
    static void assertGaveUpWithin(long startNanos, long earliestMs, Duration timeout) {
        double ms = ProbeReport.millisSince(startNanos);
        long limit = timeout.toMillis() + Math.max(SLACK_MS, timeout.toMillis() / 5);
        assertTrue(ms >= earliestMs, "gave up early, after " + ms + " ms");
        assertTrue(ms <= limit, "took " + ms + " ms, more than the " + timeout.toMillis() + " ms timeout + "
                + (limit - timeout.toMillis()) + " ms");
    }
}
