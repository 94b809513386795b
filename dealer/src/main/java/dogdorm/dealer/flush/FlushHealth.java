package dogdorm.dealer.flush;

import java.time.Instant;
import java.util.Map;

/**
 * How storing goes, for {@code /healthz} and {@code /metrics}: the last flush, the last one that worked, since when
 * flushes fail (null while they work), how many failed in all, and how many changes of each part wait.
 */
public record FlushHealth(FlushStatus last, FlushStatus lastGood, Instant failingSince, long failures,
                          Map<String, Integer> waiting) {
    public boolean ok() {
        return last == null || last.ok();
    }

    /** Every part's waiting changes together. */
    public int waitingTotal() {
        int n = 0;
        for (int w : waiting.values()) {
            n += w;
        }
        return n;
    }
}
