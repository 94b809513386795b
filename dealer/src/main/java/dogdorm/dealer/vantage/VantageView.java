package dogdorm.dealer.vantage;

import dogdorm.dealer.table.State;
import java.time.Instant;

/**
 * One location's view of a target, as pages and JSON show it: a copy. {@code score} is the NTP-style score (+20 at
 * best), {@code rankScore} the ranking's 0..1 score of this location's record.
 */
public record VantageView(String location, State state, Instant lastCheck, String lastWorker, Double latencyMs,
                          String lastError, long checks, long failures, double score, double rankScore) {
    /** Share of this location's checks that succeeded, in percent, or null before its first. */
    @com.fasterxml.jackson.annotation.JsonProperty("uptime_pct")
    public Double uptimePct() {
        return checks == 0 ? null : 100.0 * (checks - failures) / checks;
    }

    static VantageView of(VantagePoint p) {
        var s = p.stats();
        return new VantageView(p.location(), s.state, s.lastCheck, s.lastWorker, s.latencyLastMs, s.lastError,
                s.checks, s.failures, Math.round(p.score() * 1000) / 1000.0,
                Math.round(dogdorm.dealer.ranking.Score.of(s) * 1000) / 1000.0);
    }
}
