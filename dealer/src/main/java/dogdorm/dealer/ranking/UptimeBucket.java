package dogdorm.dealer.ranking;

import java.time.Instant;

/**
 * Counts of one target's checks in one period: an hour ({@code period} = epoch hours) or, for history older
 * than 30 days, a day (epoch days). Also a delta to add, in a flush.
 */
public record UptimeBucket(long targetId, long period, long up, long down, double latencySumMs, long latencyN) {

    public static long hourOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 3600);
    }

    public static long dayOf(long hour) {
        return Math.floorDiv(hour, 24);
    }

    public UptimeBucket plus(UptimeBucket o) {
        return new UptimeBucket(targetId, period, up + o.up, down + o.down, latencySumMs + o.latencySumMs,
                latencyN + o.latencyN);
    }

    public long checks() {
        return up + down;
    }

    /** Uptime in percent, or null without checks. */
    public Double uptimePct() {
        return checks() == 0 ? null : 100.0 * up / checks();
    }

    public Double latencyMeanMs() {
        return latencyN == 0 ? null : latencySumMs / latencyN;
    }
}
