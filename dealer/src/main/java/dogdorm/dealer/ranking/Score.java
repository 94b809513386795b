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
 *   <li><b>evidence first, the present moment second</b>: {@code score = 0.8 * reliability + 0.2 * (up now ? 1 :
 *       0)}; never checked scores 0. Being up now is worth a fifth of the scale, so of two similar records the one
 *       up now ranks first, but one false outage (two or three failed checks) does not sink a long good record
 *       below a server that is down half the time;</li>
 *   <li><b>latency</b> breaks ties (in {@link Ranking}).</li>
 * </ol>
 * Pure functions.
 */
public final class Score {
    static final double Z = 1.96;
    /** The weight of the recent record; being up now is worth the rest. */
    static final double RECORD = 0.8;
    static final double UP_NOW = 1 - RECORD;

    private Score() {}

    public static double of(Stats s) {
        return of(s.state, s.decayedGood, s.decayedSeen);
    }

    public static double of(State state, double good, double seen) {
        if (state == State.UNKNOWN || seen <= 0) {
            return 0.0;
        }
        return RECORD * wilsonLower(good, seen) + (state == State.UP ? UP_NOW : 0.0);
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
