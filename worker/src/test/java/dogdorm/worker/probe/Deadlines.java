package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

/**
 * Whether a probe gave up at its timeout: not early (it waited at least 95% of it), and not much later. "Much"
 * is 400 ms or a fifth of the timeout, whichever is more: room for a stalled thread on a loaded CI machine, and
 * still far short of the 5 s default timeout a forgotten deadline would fall back to.
 */
final class Deadlines {
    static final long SLACK_MS = 400;
    /** A timeout long enough that a probe returning in under half of it plainly did not wait for it. */
    static final Duration LONG = Duration.ofSeconds(4);
    /**
     * The timeout for "a server that never answers": long enough that 20% of it (400 ms) is room for a stalled
     * thread on a loaded machine, so {@link #assertWithinTwentyPercent} can hold probes to the 20%.
     */
    static final Duration SILENT = Duration.ofSeconds(2);

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

    /**
     * Whether a probe facing a server that never answers gave up at its timeout, within 20%: not before
     * {@code earliestMs}, not after 120% of the timeout.
     */
    static void assertWithinTwentyPercent(long startNanos, long earliestMs, Duration timeout) {
        double ms = ProbeReport.millisSince(startNanos);
        assertTrue(ms >= earliestMs, "gave up early, after " + ms + " ms");
        assertTrue(ms <= timeout.toMillis() * 1.2, "took " + ms + " ms, more than 120% of the " + timeout.toMillis()
                + " ms timeout");
    }

    /** As {@link #assertWithinTwentyPercent}, not before 95% of the timeout. */
    static void assertWithinTwentyPercent(long startNanos, Duration timeout) {
        assertWithinTwentyPercent(startNanos, Math.round(timeout.toMillis() * 0.95), timeout);
    }

    /** Whether a probe ended by its timeout at the latest (it may end earlier). */
    static void assertNotAfter(long startNanos, Duration timeout) {
        assertGaveUpWithin(startNanos, 0, timeout);
    }

    /** Whether a probe given {@link #LONG} returned without waiting for it (in under half of it). */
    static void assertDidNotWait(long startNanos) {
        double ms = ProbeReport.millisSince(startNanos);
        assertTrue(ms < LONG.toMillis() / 2.0, "waited " + ms + " ms, as if for the " + LONG.toMillis()
                + " ms timeout");
    }
}
