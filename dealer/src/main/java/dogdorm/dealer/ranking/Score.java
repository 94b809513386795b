package dogdorm.dealer.ranking;

import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;

/**
 * Dogdorm's score, 0..1, built so that a person can explain a ranking:
 * <ol>
 *   <li><b>recency</b>: every check counts in exponentially decayed tallies, {@code good <- 0.95*good + (up?1:0)}
 *       and {@code seen <- 0.95*seen + 1} (as the NTP pool decays its score), so a failure's weight halves every
 *       13.5 checks and the tallies never exceed 20;</li>
 *   <li><b>confidence</b>: {@code reliability} is the Wilson lower bound (95%, z = 1.96) of the success share
 *       good/seen with n = seen: three good checks give 0.43, twenty give 0.84;</li>
 *   <li><b>current state</b>: up now scores {@code 0.5 + 0.5 * reliability}, down now {@code 0.5 * reliability}:
 *       every target that is up ranks above every target that is down; never checked scores 0;</li>
 *   <li><b>latency</b> breaks ties (in {@link Ranking}).</li>
 * </ol>
 * Pure functions.
 */
public final class Score {
    static final double Z = 1.96;

    private Score() {}

    public static double of(Stats s) {
        return of(s.state, s.decayedGood, s.decayedSeen);
    }

    public static double of(State state, double good, double seen) {
        if (state == State.UNKNOWN || seen <= 0) {
            return 0.0;
        }
        double reliability = wilsonLower(good, seen);
        return state == State.UP ? 0.5 + 0.5 * reliability : 0.5 * reliability;
    }

    /** The lower bound of the Wilson score interval for {@code good} successes out of {@code n} (n may be fractional). */
    public static double wilsonLower(double good, double n) {
        if (n <= 0) {
            return 0.0;
        }
        double p = Math.max(0, Math.min(1, good / n));
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double margin = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0, (centre - margin) / (1 + z2 / n));
    }
}
