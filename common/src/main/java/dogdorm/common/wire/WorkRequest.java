package dogdorm.common.wire;

import dogdorm.common.Kind;
import java.util.List;

/**
 * {@code POST /api/work}: a worker asks for up to {@code max} jobs of the given kinds and families.
 * {@code waitMs} lets the dealer hold the request open until work is due (long polling); 0 answers at once.
 */
public record WorkRequest(String worker, String location, List<Integer> families, List<Kind> kinds, Integer max,
                          Integer waitMs) {
    public static final int MAX_JOBS = 1000;
    public static final int MAX_WAIT_MS = 30_000;

    public WorkRequest {
        Check.text(worker, "worker", 100);
        location = Check.optionalText(location, "location", 100);
        if (location != null && location.isBlank()) {
            location = null;
        }
        families = families == null || families.isEmpty() ? List.of(4, 6) : List.copyOf(families);
        for (int i = 0; i < families.size(); i++) {
            Check.family(families.get(i), "families[" + i + "]");
        }
        kinds = kinds == null || kinds.isEmpty() ? List.of(Kind.values()) : List.copyOf(kinds);
        max = max == null ? 1 : Check.range(max, "max", 1, MAX_JOBS);
        waitMs = waitMs == null ? 0 : Check.range(waitMs, "wait_ms", 0, MAX_WAIT_MS);
    }
}
