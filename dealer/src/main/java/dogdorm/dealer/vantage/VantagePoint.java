package dogdorm.dealer.vantage;

import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import java.time.Instant;
import java.util.Locale;

/**
 * How one target looks from one location: its own confirmed state (the dealer's fail and recover thresholds, as for
 * a target checked from one place), its counts and its score in the NTP Pool's manner, {@code score <- step + 0.95
 * * score}, with the steps {@link #UP} for a good answer, {@link #DOWN} for a wrong or refused one, {@link #TIMEOUT}
 * for no answer at all, and nothing (no step, no decay) for a worker's internal fault, which says nothing about the
 * target. A constant step settles at 20 times the step: +20 for a location that always gets answers, -100 for one
 * that never does. Kept in memory under the dealer's lock.
 */
public final class VantagePoint {
    public static final double UP = 1;
    public static final double DOWN = -2;
    public static final double TIMEOUT = -5;

    private final String location;
    private final Stats stats = new Stats();
    private double score;

    VantagePoint(String location) {
        this.location = location;
    }

    /** Applies one check from this location; returns the state before when this check changed it, else null. */
    public State record(boolean up, Double latencyMs, String error, Instant at, String worker, Stats.Thresholds thresholds) {
        score = step(up, error) + Stats.DECAY * score;
        return stats.record(up, latencyMs, error, at, worker, thresholds);
    }

    /** The step a check adds: a failure whose error says nothing answered counts as a timeout. */
    static double step(boolean up, String error) {
        if (up) {
            return UP;
        }
        String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
        return e.contains("timeout") || e.contains("timed out") || e.contains("no reply") || e.contains("no answer")
                || e.contains("no echo") || e.contains("no response") ? TIMEOUT : DOWN;
    }

    public String location() {
        return location;
    }

    /** Its own record; read under the dealer's lock, or a copy. */
    public Stats stats() {
        return stats;
    }

    public double score() {
        return score;
    }

    /** Whether its last check is no older than {@code freshMs} before {@code now}. */
    boolean fresh(Instant now, long freshMs) {
        return stats.lastCheck != null && !stats.lastCheck.isBefore(now.minusMillis(freshMs));
    }
}
