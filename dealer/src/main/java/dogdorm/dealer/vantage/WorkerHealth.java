package dogdorm.dealer.vantage;

import dogdorm.dealer.table.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monitors the monitors. Every check a worker makes of a target checked from several locations is compared with
 * the vote that follows it: a "down" while the vote has the target up (or an "up" while it is down) is a
 * disagreement. Each worker keeps decayed tallies ({@code x <- 0.9 x + 1}, about its last 10 checks). A worker
 * is <b>unhealthy</b> once its tallies hold at least {@value #MIN_SEEN} checks and it disagrees on at least
 * {@value #UNHEALTHY} of them and on {@value #MARGIN} more of them than the median of the other workers: a broken
 * network of its own, which fails nearly everything, not a location that cannot reach some targets (that is a
 * regional problem, and must stay visible); with no other worker there is no one to compare with, and no rating; it is re-admitted once its share falls below {@value #READMIT}. An unhealthy worker's checks
 * stop counting: its location's record ignores them, so they never vote, and a failure it reports of a target
 * checked from one location is taken as its own fault (checked again soon, by another worker where there is one).
 * Under the dealer's lock.
 */
public final class WorkerHealth {
    static final double MIN_SEEN = 5;
    static final double UNHEALTHY = 0.8;
    static final double MARGIN = 0.3;
    static final double READMIT = 0.3;
    private static final double DECAY = 0.9;
    private static final int MAX_WORKERS = 10_000;

    private static final class Tally {
        double seen;
        double disagreed;
        boolean unhealthy;
        Instant since;
        String why;

        double share() {
            return seen == 0 ? 0 : disagreed / seen;
        }
    }

    /** How one worker is rated, for the pages. */
    public record Rating(boolean healthy, double disagreement, double checks, Instant since, String why) {}

    private final Map<String, Tally> tallies = new HashMap<>();

    /** Whether a worker's checks count: false once it is rated unhealthy, until it is re-admitted. */
    public boolean counts(String worker) {
        Tally t = tallies.get(worker);
        return t == null || !t.unhealthy;
    }

    /** One check by {@code worker} said {@code up}; the vote that followed says {@code vote}. */
    public void checked(String worker, boolean up, State vote, Instant now) {
        if (vote == State.UNKNOWN) {
            return;
        }
        Tally t = tallies.get(worker);
        if (t == null) {
            if (tallies.size() >= MAX_WORKERS) {
                return;
            }
            tallies.put(worker, t = new Tally());
        }
        t.seen = DECAY * t.seen + 1;
        t.disagreed = DECAY * t.disagreed + (up == (vote == State.UP) ? 0 : 1);
        double peers = peersMedian(worker);
        if (!t.unhealthy && !Double.isNaN(peers) && t.seen >= MIN_SEEN && t.share() >= UNHEALTHY && t.share() >= peers + MARGIN) {
            t.unhealthy = true;
            t.since = now;
            t.why = String.format(Locale.ROOT, "disagreed with the vote on %.0f%% of its recent checks (its peers: "
                    + "%.0f%%): its own network looks broken, so its checks do not count", 100 * t.share(),
                    100 * peers);
        } else if (t.unhealthy && t.share() < READMIT) {
            t.unhealthy = false;
            t.since = now;
            t.why = null;
        }
    }

    /** The median disagreement of the other workers (NaN when there are none: then no one is judged). */
    private double peersMedian(String worker) {
        List<Double> shares = new ArrayList<>();
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            if (!e.getKey().equals(worker) && e.getValue().seen >= 1) {
                shares.add(e.getValue().share());
            }
        }
        return shares.isEmpty() ? Double.NaN : Vote.median(shares);
    }

    /** How a worker is rated; healthy with no checks yet when it has made none of a voted target. */
    public Rating rating(String worker) {
        Tally t = tallies.get(worker);
        if (t == null) {
            return new Rating(true, 0, 0, null, null);
        }
        return new Rating(!t.unhealthy, Math.round(t.share() * 1000) / 1000.0, Math.round(t.seen * 10) / 10.0,
                t.since, t.why);
    }
}
