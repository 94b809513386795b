package dogdorm.dealer.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * When each worker last asked for work or posted results, by name, kept in the order they were last seen: counting
 * the workers seen in the last minute walks only those, and at most once a second unless a worker comes (back).
 * Guarded by the dealer's lock.
 */
public final class Workers {
    private static final int MAX_REMEMBERED = 10_000;
    static final Duration RECENT = Duration.ofMinutes(1);

    private final SequencedMap<String, Instant> lastSeen = new LinkedHashMap<>();
    /** The last count of recent workers and when it was made; -1: count again. */
    private int recent = -1;
    private Instant recentAt = Instant.MIN;

    public void seen(String name, Instant now) {
        Instant was = lastSeen.remove(name); // to the end: the order is the order of last sight
        lastSeen.put(name, now);
        if (was == null || was.isBefore(recentAt.minus(RECENT))) {
            recent = -1; // a worker the last count did not include
        }
        if (lastSeen.size() > MAX_REMEMBERED) {
            lastSeen.values().removeIf(t -> t.isBefore(now.minus(Duration.ofHours(1))));
        }
    }

    /**
     * How many workers were seen in the minute before {@code now}, to the second: counted again when a worker
     * comes that the last count left out, or a second after the last count (when one may have aged out).
     */
    public int recent(Instant now) {
        if (recent < 0 || now.isBefore(recentAt) || !now.isBefore(recentAt.plusSeconds(1))) {
            recent = seenSince(now.minus(RECENT));
            recentAt = now;
        }
        return recent;
    }

    /** How many workers were seen at or after {@code since}: walks back from the latest until an older one. */
    int seenSince(Instant since) {
        int n = 0;
        for (Map.Entry<String, Instant> e : lastSeen.reversed().entrySet()) {
            if (e.getValue().isBefore(since)) {
                break;
            }
            n++;
        }
        return n;
    }
}
