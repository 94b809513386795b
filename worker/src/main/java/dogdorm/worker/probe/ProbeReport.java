package dogdorm.worker.probe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a probe saw: up or down, the protocol's own round-trip time when it has one (else the runner's wall
 * time is used), the reason when down, and protocol details (mapped address, NTP offset, ...).
 */
public record ProbeReport(boolean up, Double latencyMs, String error, Map<String, Object> detail) {

    public ProbeReport {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static ProbeReport up(double latencyMs, Map<String, Object> detail) {
        return new ProbeReport(true, latencyMs, null, detail);
    }

    public static ProbeReport down(String reason) {
        return new ProbeReport(false, null, reason, Map.of());
    }

    public static ProbeReport down(String reason, Map<String, Object> detail) {
        return new ProbeReport(false, null, reason, detail);
    }

    /** A copy with these detail entries added (replacing any of the same name). */
    public ProbeReport with(Map<String, Object> more) {
        Map<String, Object> d = new LinkedHashMap<>(detail);
        d.putAll(more);
        return new ProbeReport(up, latencyMs, error, d);
    }

    /** A copy with one more detail entry. */
    public ProbeReport with(String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>(detail);
        d.put(key, value);
        return new ProbeReport(up, latencyMs, error, d);
    }

    /** An exception as one line: its class and message, or its class alone when it has no message. */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        String name = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? name : name + ": " + m;
    }

    /** Milliseconds between two {@link System#nanoTime()} readings, with microsecond precision. */
    public static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
    }
}
