package dogdorm.dealer.vantage;

import dogdorm.dealer.table.State;
import java.time.Instant;

/** One location's view of a target, as pages and JSON show it: a copy. */
public record VantageView(String location, State state, Instant lastCheck, String lastWorker, Double latencyMs,
                          String lastError, long checks, long failures, double score, double rankScore) {
    static VantageView of(VantagePoint p) {
        var s = p.stats();
        return new VantageView(p.location(), s.state, s.lastCheck, s.lastWorker, s.latencyLastMs, s.lastError,
                s.checks, s.failures, Math.round(p.score() * 1000) / 1000.0,
                Math.round(dogdorm.dealer.ranking.Score.of(s) * 1000) / 1000.0);
    }
}
