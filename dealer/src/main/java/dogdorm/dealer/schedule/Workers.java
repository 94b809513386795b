package dogdorm.dealer.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The workers the dealer has heard from, by name, kept in the order they were last seen: where each checks from
 * (its location) and connects from (its address), when it was first and last seen, and how many results it
 * posted (in all, and in the last whole minute). Counting the workers seen in the last minute walks only those,
 * and at most once a second unless a worker comes (back). Guarded by the dealer's lock.
 */
public final class Workers {
    private static final int MAX_REMEMBERED = 10_000;
    static final Duration RECENT = Duration.ofMinutes(1);

    /** One worker as the pages and {@code GET /api/workers} show it (a copy). */
    public record Info(String name, String location, String address, Instant firstSeen, Instant lastSeen,
                       long results, long resultsLastMinute) {}

    private static final class Entry {
        String location;
        String address;
        Instant firstSeen;
        Instant lastSeen;
        long results;
        /** The minute being counted (epoch minutes), its count, and the count of the minute before it. */
        long minute;
        long thisMinute;
        long lastMinute;

        long perMinute(Instant now) {
            long m = now.getEpochSecond() / 60;
            return m == minute ? lastMinute : m == minute + 1 ? thisMinute : 0;
        }
    }

    private final SequencedMap<String, Entry> byName = new LinkedHashMap<>();
    /** The last count of recent workers and when it was made; -1: count again. */
    private int recent = -1;
    private Instant recentAt = Instant.MIN;

    public void seen(String name, Instant now) {
        seen(name, null, null, now);
    }

    /** A worker asked for work (or posted results) from {@code location} and {@code address} (null: unchanged). */
    public void seen(String name, String location, String address, Instant now) {
        Entry e = byName.remove(name); // to the end: the order is the order of last sight
        Instant was = e == null ? null : e.lastSeen;
        if (e == null) {
            e = new Entry();
            e.firstSeen = now;
        }
        e.lastSeen = now;
        if (location != null) e.location = location;
        if (address != null) e.address = address;
        byName.put(name, e);
        if (was == null || was.isBefore(recentAt.minus(RECENT))) {
            recent = -1; // a worker the last count did not include
        }
        if (byName.size() > MAX_REMEMBERED) {
            byName.values().removeIf(x -> x.lastSeen.isBefore(now.minus(Duration.ofHours(1))));
        }
    }

    /** A worker posted {@code n} results that were taken. */
    public void posted(String name, int n, Instant now) {
        seen(name, now);
        Entry e = byName.get(name);
        long m = now.getEpochSecond() / 60;
        if (m != e.minute) {
            e.lastMinute = m == e.minute + 1 ? e.thisMinute : 0;
            e.thisMinute = 0;
            e.minute = m;
        }
        e.thisMinute += n;
        e.results += n;
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
        for (Map.Entry<String, Entry> e : byName.reversed().entrySet()) {
            if (e.getValue().lastSeen.isBefore(since)) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Every worker remembered, the most recently seen first. */
    public List<Info> all(Instant now) {
        List<Info> out = new ArrayList<>(byName.size());
        for (Map.Entry<String, Entry> x : byName.reversed().entrySet()) {
            Entry e = x.getValue();
            out.add(new Info(x.getKey(), e.location, e.address, e.firstSeen, e.lastSeen, e.results, e.perMinute(now)));
        }
        return out;
    }
}
