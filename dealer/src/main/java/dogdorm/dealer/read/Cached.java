package dogdorm.dealer.read;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A value built at most once per {@code maxAge} of the given clock and shared by every reader in between (the
 * /servers.json body, the uptime summaries). Readers of a fresh value take no lock; one builder at a time.
 */
public final class Cached<T> {
    private final Clock clock;
    private final Duration maxAge;
    private final UnaryOperator<T> build;
    private volatile T value;
    private volatile long builtAt;

    /** {@code build} gets the previous value (null the first time), e.g. to keep it when a rebuild fails. */
    public Cached(Clock clock, Duration maxAge, UnaryOperator<T> build) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.build = build;
    }

    public T get() {
        long now = clock.millis();
        T v = value;
        if (v != null && now - builtAt < maxAge.toMillis()) {
            return v;
        }
        synchronized (this) {
            if (value != null && now - builtAt < maxAge.toMillis()) {
                return value;
            }
            value = build.apply(value);
            builtAt = now;
            return value;
        }
    }

    /** Forgets the value: the next {@link #get()} builds a new one. */
    public void invalidate() {
        synchronized (this) {
            builtAt = Long.MIN_VALUE / 2;
        }
    }
}
