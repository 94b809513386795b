package dogdorm.dealer.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** When each worker last asked for work or posted results, by name. Guarded by the dealer's lock. */
public final class Workers {
    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, Instant> lastSeen = new HashMap<>();

    public void seen(String name, Instant now) {
        lastSeen.put(name, now);
        if (lastSeen.size() > MAX_REMEMBERED) {
            lastSeen.values().removeIf(t -> t.isBefore(now.minus(Duration.ofHours(1))));
        }
    }

    public int seenSince(Instant since) {
        int n = 0;
        for (Instant t : lastSeen.values()) {
            if (!t.isBefore(since)) n++;
        }
        return n;
    }
}
