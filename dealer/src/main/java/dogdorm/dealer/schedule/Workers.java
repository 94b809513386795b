package dogdorm.dealer.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The workers that have asked for work or posted results: name, location, last seen. Guarded by the dealer's lock. */
public final class Workers {
    private static final int MAX_REMEMBERED = 10_000;

    /** One worker as last seen. */
    public record Seen(String name, String location, Instant lastSeen, long jobs, long results) {}

    private final Map<String, Seen> byName = new HashMap<>();

    public void asked(String name, String location, int jobs, Instant now) {
        Seen s = byName.get(name);
        byName.put(name, new Seen(name, location, now, (s == null ? 0 : s.jobs()) + jobs,
                s == null ? 0 : s.results()));
        trim(now);
    }

    public void posted(String name, int results, Instant now) {
        Seen s = byName.get(name);
        byName.put(name, new Seen(name, s == null ? null : s.location(), now, s == null ? 0 : s.jobs(),
                (s == null ? 0 : s.results()) + results));
        trim(now);
    }

    private void trim(Instant now) {
        if (byName.size() > MAX_REMEMBERED) {
            byName.values().removeIf(s -> s.lastSeen().isBefore(now.minus(Duration.ofHours(1))));
        }
    }

    public int seenSince(Instant since) {
        int n = 0;
        for (Seen s : byName.values()) {
            if (!s.lastSeen().isBefore(since)) n++;
        }
        return n;
    }

    public List<Seen> all() {
        return new ArrayList<>(byName.values());
    }
}
