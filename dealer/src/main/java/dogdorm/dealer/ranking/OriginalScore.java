package dogdorm.dealer.ranking;

import dogdorm.dealer.table.Stats;

/**
 * The original Dogdorm score, 0..1:
 * {@code (1 - failures/checks) * (0.5 * uptime/max_uptime + 0.5) * (1 - exp(-checks/50))}.
 * Few checks keep it low (the last factor), failures lower it, and a target in its longest run of success so far
 * gets the full middle factor. With no checks the score is 0; with no uptime recorded yet (max_uptime 0) the
 * middle factor is 0.5. A group's members all get the group's mean score.
 */
public final class OriginalScore {
    private OriginalScore() {}

    public static double of(Stats s) {
        return of(s.checks, s.failures, s.uptimeS, s.maxUptimeS);
    }

    public static double of(long checks, long failures, long uptimeS, long maxUptimeS) {
        if (checks <= 0) {
            return 0.0;
        }
        double success = 1.0 - (double) failures / checks;
        double uptime = maxUptimeS > 0 ? Math.min(1.0, (double) uptimeS / maxUptimeS) : 0.0;
        double confidence = 1.0 - Math.exp(-checks / 50.0);
        return success * (0.5 * uptime + 0.5) * confidence;
    }
}
