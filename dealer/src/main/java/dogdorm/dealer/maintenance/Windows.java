package dogdorm.dealer.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The maintenance windows in memory, and the one question everything asks of them: is this target in maintenance
 * at this time ({@link #active})? Read without a lock from any thread (the state core under its lock, for every
 * check and state change; the pages): each change builds a new index, found by target id, by list file and by tag,
 * so a target no window names costs a few map lookups. Changed only by {@link Maintenance}, after the store took the
 * change. Ids are given here and never reused.
 */
public final class Windows {
    /** A target's window open now: its id and title, and when the open occurrence ends. */
    public record Active(long window, String name, Instant until) {}

    /** What the store holds: every window, and the highest id ever given. */
    public record Stored(List<Window> windows, long lastId) {}

    private record Index(Map<Long, Window> byId, Map<Long, List<Window>> byTarget, Map<String, List<Window>> byList,
                         Map<String, List<Window>> byTag) {
        static final Index EMPTY = new Index(Map.of(), Map.of(), Map.of(), Map.of());

        static Index of(Map<Long, Window> byId) {
            Map<Long, List<Window>> byTarget = new HashMap<>();
            Map<String, List<Window>> byList = new HashMap<>();
            Map<String, List<Window>> byTag = new HashMap<>();
            for (Window w : byId.values()) {
                if (w.scope().target() != null) {
                    byTarget.computeIfAbsent(w.scope().target(), k -> new ArrayList<>()).add(w);
                } else if (w.scope().list() != null) {
                    byList.computeIfAbsent(w.scope().list(), k -> new ArrayList<>()).add(w);
                } else {
                    byTag.computeIfAbsent(w.scope().tag(), k -> new ArrayList<>()).add(w);
                }
            }
            return new Index(Map.copyOf(byId), Map.copyOf(byTarget), Map.copyOf(byList), Map.copyOf(byTag));
        }

        /** The windows over a target: its own, its list's and its tags'. */
        List<Window> over(long id, String list, List<String> tags) {
            List<Window> mine = new ArrayList<>(byTarget.getOrDefault(id, List.of()));
            if (list != null) {
                mine.addAll(byList.getOrDefault(list, List.of()));
            }
            if (!byTag.isEmpty()) {
                for (String tag : tags) {
                    mine.addAll(byTag.getOrDefault(tag, List.of()));
                }
            }
            return mine;
        }
    }

    private final Clock clock;
    private final AtomicLong lastId = new AtomicLong();
    private volatile Index index = Index.EMPTY;

    public Windows(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Takes the stored windows and the highest id given. */
    public synchronized void load(Stored stored) {
        Map<Long, Window> byId = new TreeMap<>();
        for (Window w : stored.windows()) {
            byId.put(w.id(), w);
            lastId.accumulateAndGet(w.id(), Math::max);
        }
        lastId.accumulateAndGet(stored.lastId(), Math::max);
        index = Index.of(byId);
    }

    /** The id for a new window (given once, even when the window is never stored). */
    public long nextId() {
        return lastId.incrementAndGet();
    }

    /** Adds a window, or replaces the one with its id. */
    public synchronized void put(Window w) {
        Map<Long, Window> byId = new TreeMap<>(index.byId());
        byId.put(w.id(), w);
        index = Index.of(byId);
    }

    /** Removes a window; false when there was none. */
    public synchronized boolean remove(long id) {
        if (!index.byId().containsKey(id)) {
            return false;
        }
        Map<Long, Window> byId = new TreeMap<>(index.byId());
        byId.remove(id);
        index = Index.of(byId);
        return true;
    }

    public Optional<Window> get(long id) {
        return Optional.ofNullable(index.byId().get(id));
    }

    /** Every window, by id. */
    public List<Window> all() {
        List<Window> out = new ArrayList<>(index.byId().values());
        out.sort(Comparator.comparingLong(Window::id));
        return out;
    }

    /** {@link #active(long, String, List, Instant)} for a target with no tags. */
    public Active active(long id, String list, Instant at) {
        return active(id, list, List.of(), at);
    }

    /**
     * The window the target {@code id} (whose rows come from list file {@code list}, or null, and that has
     * {@code tags}) is in at {@code at}, or null. Of several open at once, the one whose occurrence ends last (the
     * lowest id on a tie).
     */
    public Active active(long id, String list, List<String> tags, Instant at) {
        Index i = index;
        if (i.byId().isEmpty()) {
            return null;
        }
        return best(i.over(id, list, tags), at, null);
    }

    private static Active best(List<Window> windows, Instant at, Active best) {
        if (windows == null) {
            return best;
        }
        for (Window w : windows) {
            Times.Occurrence o = w.times().at(at);
            if (o != null && (best == null || o.end().isAfter(best.until())
                    || o.end().equals(best.until()) && w.id() < best.window())) {
                best = new Active(w.id(), w.title(), o.end());
            }
        }
        return best;
    }

    /** {@link #active} at the clock's time. */
    public Active activeNow(long id, String list, List<String> tags) {
        return active(id, list, tags, clock.instant());
    }

    public boolean covers(long id, String list, List<String> tags, Instant at) {
        return active(id, list, tags, at) != null;
    }

    /**
     * When the last window over the target ended, at or before {@code at}: the latest end of an occurrence of the
     * windows that apply to it; null when none has ended (or none applies any more).
     */
    public Instant lastEnd(long id, String list, List<String> tags, Instant at) {
        Instant last = null;
        for (Window w : index.over(id, list, tags)) {
            Instant end = w.times().lastEnd(at);
            if (end != null && (last == null || end.isAfter(last))) {
                last = end;
            }
        }
        return last;
    }
}
