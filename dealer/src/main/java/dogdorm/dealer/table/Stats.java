package dogdorm.dealer.table;

import java.time.Duration;
import java.time.Instant;

/**
 * How a target is doing, kept in memory and flushed to the store. Counts as the original kept them: checks,
 * failures, uptime (seconds of continuous success, reset on failure) and its maximum. {@code streak} is the run
 * of equal outcomes: positive for successes, negative for failures. Not thread-safe: the dealer's lock guards it.
 */
public final class Stats {
    /** Weight of a check relative to the next one (as in the NTP pool's score: s <- 0.95 * s + step). */
    public static final double DECAY = 0.95;

    public long checks;
    public long failures;
    public int streak;
    public Instant lastCheck;
    public Instant lastSuccess;
    public long uptimeS;
    public long maxUptimeS;
    public Double latencyLastMs;
    public double latencySumMs;
    public long latencyCount;
    /** Exponentially decayed counts of good and all checks: each check weighs 0.95 of the one after it. */
    public double decayedGood;
    public double decayedSeen;
    public State state = State.UNKNOWN;
    /** When an admin paused it (null: it is checked); a paused target is not dealt, and keeps its record. */
    public Instant pausedAt;
    public Instant stateSince;
    public String lastError;
    public String lastWorker;
    /** The current run of failures: when it began, its first error and who saw it (memory only). */
    public Instant failingSince;
    public String firstError;
    public String firstErrorWorker;

    /** Thresholds for confirming a state change: consecutive failures to go down, successes to come back up. */
    public record Thresholds(int fail, int recover) {
        public static final Thresholds IMMEDIATE = new Thresholds(1, 1);

        public Thresholds {
            if (fail < 1 || recover < 1) throw new IllegalArgumentException("thresholds must be at least 1");
        }
    }

    /**
     * Applies one check's outcome. Returns the confirmed state before the check when this check changed it, or
     * null when the confirmed state stayed.
     */
    public State record(boolean up, Double latencyMs, String error, Instant at, String worker, Thresholds t) {
        boolean wasUp = streak > 0;
        checks++;
        decayedGood = DECAY * decayedGood + (up ? 1 : 0);
        decayedSeen = DECAY * decayedSeen + 1;
        if (up) {
            if (wasUp && lastCheck != null) {
                uptimeS += Math.max(0, Duration.between(lastCheck, at).toSeconds());
            } else {
                uptimeS = 0;
            }
            maxUptimeS = Math.max(maxUptimeS, uptimeS);
            streak = streak > 0 ? streak + 1 : 1;
            lastSuccess = at;
            lastError = null;
            if (latencyMs != null) {
                latencyLastMs = latencyMs;
                latencySumMs += latencyMs;
                latencyCount++;
            }
        } else {
            failures++;
            uptimeS = 0;
            if (streak >= 0 || failingSince == null) {
                failingSince = at;
                firstError = error;
                firstErrorWorker = worker;
            }
            streak = streak < 0 ? streak - 1 : -1;
            lastError = error;
        }
        lastCheck = at;
        lastWorker = worker;
        State before = state;
        State after = before;
        if (up && (before != State.UP) && (streak >= t.recover() || before == State.UNKNOWN)) {
            after = State.UP;
        } else if (!up && before != State.DOWN && -streak >= t.fail()) {
            after = State.DOWN;
        }
        if (after != before) {
            state = after;
            stateSince = at;
            return before;
        }
        return null;
    }

    /**
     * Whether the latest result disagrees with the confirmed state (a failure not yet confirmed as down, or a
     * success not yet confirmed as up): such a target is checked again after the retry interval.
     */
    public boolean inDoubt() {
        return state == State.UP && streak < 0 || state == State.DOWN && streak > 0
                || state == State.UNKNOWN && streak < 0;
    }

    /** The state pages and counts show: paused while paused, else the confirmed state. */
    public State shown() {
        return pausedAt != null ? State.PAUSED : state;
    }

    /** Mean latency of successful checks, or null when there was none. */
    public Double latencyMeanMs() {
        return latencyCount == 0 ? null : latencySumMs / latencyCount;
    }

    public Stats copy() {
        Stats s = new Stats();
        s.checks = checks;
        s.failures = failures;
        s.streak = streak;
        s.lastCheck = lastCheck;
        s.lastSuccess = lastSuccess;
        s.uptimeS = uptimeS;
        s.maxUptimeS = maxUptimeS;
        s.latencyLastMs = latencyLastMs;
        s.latencySumMs = latencySumMs;
        s.latencyCount = latencyCount;
        s.state = state;
        s.pausedAt = pausedAt;
        s.stateSince = stateSince;
        s.lastError = lastError;
        s.lastWorker = lastWorker;
        s.decayedGood = decayedGood;
        s.decayedSeen = decayedSeen;
        s.failingSince = failingSince;
        s.firstError = firstError;
        s.firstErrorWorker = firstErrorWorker;
        return s;
    }
}
