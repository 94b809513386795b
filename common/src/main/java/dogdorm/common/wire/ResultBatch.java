package dogdorm.common.wire;

import java.util.List;

/** {@code POST /api/results}: the verdicts a worker has ready, for one or more leases. */
public record ResultBatch(String worker, List<ProbeResult> results) {
    public static final int MAX_RESULTS = 10_000;

    public ResultBatch {
        Check.text(worker, "worker", 100);
        Check.present(results, "results");
        if (results.size() > MAX_RESULTS) {
            throw new IllegalArgumentException("results: more than " + MAX_RESULTS + " items");
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                throw new IllegalArgumentException("results[" + i + "]: null");
            }
        }
        results = List.copyOf(results);
    }
}
