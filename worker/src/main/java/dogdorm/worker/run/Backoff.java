package dogdorm.worker.run;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Capped exponential backoff with full jitter: after n failures wait a random time in [0, min(cap, base*2^n)]. */
public final class Backoff {
    private final long baseMs;
    private final long capMs;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
        this.random = random;
    }

    /** The wait after one more failure. */
    public Duration next() {
        long ceiling = Math.min(capMs, baseMs << Math.min(failures, 20));
        failures++;
        return Duration.ofMillis(Math.max(baseMs / 2, random.nextLong(ceiling + 1)));
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
