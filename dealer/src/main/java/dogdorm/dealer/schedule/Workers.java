package dogdorm.dealer.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * When each worker last asked for work or posted results, by name, kept in the order they were last seen: counting
 * the workers seen recently walks only those. Guarded by the dealer's lock.
 */
public final class Workers {
    private static final int MAX_REMEMBERED = 10_000;

    private final SequencedMap<String, Instant> lastSeen = new LinkedHashMap<>();

    public void seen(String name, Instant now) {
        lastSeen.remove(name); // to the end: the order is the order of last sight
        lastSeen.put(name, now);
        if (lastSeen.size() > MAX_REMEMBERED) {
            lastSeen.values().removeIf(t -> t.isBefore(now.minus(Duration.ofHours(1))));
        }
    }

    /** How many workers were seen at or after {@code since}: walks back from the latest until an older one. */
    public int seenSince(Instant since) {
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
