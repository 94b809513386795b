package dogdorm.common.wire;

import java.util.Map;

/**
 * One target's verdict, posted by a worker in {@code POST /api/results}. {@code fault} marks a result where the
 * worker could not run the probe at all (its own error, not the target's): the dealer does not count it against
 * the target.
 */
public record ProbeResult(String lease, Long target, Boolean up, Double latencyMs, String error,
                          Map<String, Object> detail, Boolean fault) {
    public static final int MAX_ERROR = 500;
    /** The error of a failed check posted without one. */
    public static final String NO_REASON = "failed (the worker gave no reason)";

    public ProbeResult {
        Check.text(lease, "lease", 100);
        Check.present(target, "target");
        Check.present(up, "up");
        if (latencyMs != null && (latencyMs.isNaN() || latencyMs < 0 || latencyMs > 3_600_000)) {
            throw new IllegalArgumentException("latency_ms: " + latencyMs + " is not a duration in milliseconds");
        }
        if (error != null && error.length() > MAX_ERROR) {
            error = error.substring(0, MAX_ERROR);
        }
        if (!up && (error == null || error.isBlank())) {
            error = NO_REASON; // incidents and alerts say why a target is down: never an empty reason
        }
        detail = detail == null ? Map.of() : detail;
        fault = fault != null && fault;
    }

    public static ProbeResult of(String lease, long target, boolean up, Double latencyMs, String error,
                                 Map<String, Object> detail) {
        return new ProbeResult(lease, target, up, latencyMs, error, detail, false);
    }

    /** The worker could not check {@code target} (its own trouble, not the target's), and says why. */
    public static ProbeResult fault(String lease, long target, String reason) {
        return new ProbeResult(lease, target, false, null, reason, Map.of(), true);
    }
}
