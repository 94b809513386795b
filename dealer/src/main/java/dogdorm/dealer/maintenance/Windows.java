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
 * check and state change; the pages): each change builds a new index, found by target id and by list file, so a
 * target no window names costs two map lookups. Changed only by {@link Maintenance}, after the store took the
 * change. Ids are given here and never reused.
 */
public final class Windows {
    /** A target's window open now: its id and title, and when the open occurrence ends. */
    public record Active(long window, String name, Instant until) {}

    /** What the store holds: every window, and the highest id ever given. */
    public record Stored(List<Window> windows, long lastId) {}

    private record Index(Map<Long, Window> byId, Map<Long, List<Window>> byTarget, Map<String, List<Window>> byList) {
        static final Index EMPTY = new Index(Map.of(), Map.of(), Map.of());

        static Index of(Map<Long, Window> byId) {
            Map<Long, List<Window>> byTarget = new HashMap<>();
            Map<String, List<Window>> byList = new HashMap<>();
            for (Window w : byId.values()) {
                if (w.scope().target() != null) {
                    byTarget.computeIfAbsent(w.scope().target(), k -> new ArrayList<>()).add(w);
                } else {
                    byList.computeIfAbsent(w.scope().list(), k -> new ArrayList<>()).add(w);
                }
            }
            return new Index(Map.copyOf(byId), Map.copyOf(byTarget), Map.copyOf(byList));
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

    /**
     * The window the target {@code id} (whose rows come from list file {@code list}, or null) is in at {@code at},
     * or null. Of several open at once, the one whose occurrence ends last (the lowest id on a tie).
     */
    public Active active(long id, String list, Instant at) {
        Index i = index;
        if (i.byId().isEmpty()) {
            return null;
        }
        Active best = best(i.byTarget().get(id), at, null);
        return list == null ? best : best(i.byList().get(list), at, best);
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
    public Active activeNow(long id, String list) {
        return active(id, list, clock.instant());
    }

    public boolean covers(long id, String list, Instant at) {
        return active(id, list, at) != null;
    }

    /**
     * When the last window over the target ended, at or before {@code at}: the latest end of an occurrence of the
     * windows that apply to it; null when none has ended (or none applies any more).
     */
    public Instant lastEnd(long id, String list, Instant at) {
        Index i = index;
        Instant last = null;
        List<Window> mine = new ArrayList<>(i.byTarget().getOrDefault(id, List.of()));
        if (list != null) {
            mine.addAll(i.byList().getOrDefault(list, List.of()));
        }
        for (Window w : mine) {
            Instant end = w.times().lastEnd(at);
            if (end != null && (last == null || end.isAfter(last))) {
                last = end;
            }
        }
        return last;
    }
}
