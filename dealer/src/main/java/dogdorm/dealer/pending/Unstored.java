package dogdorm.dealer.pending;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Immutable records changed in memory and not yet stored (incidents, audited actions), by id: the newest version
 * of each, and those a flush has taken and is writing. A reader that wants memory and store together asks here
 * first and the store second: whatever a commit moved meanwhile is then in the store already, so nothing falls
 * between the two. Not thread-safe: its owner's lock guards it.
 */
public final class Unstored<T> {
    private final ToLongFunction<T> idOf;
    private Map<Long, T> waiting = new LinkedHashMap<>();
    private Map<Long, T> writing = new LinkedHashMap<>();

    public Unstored(ToLongFunction<T> idOf) {
        this.idOf = idOf;
    }

    /** Records the newest version of one record. */
    public void put(T record) {
        long id = idOf.applyAsLong(record);
        waiting.remove(id); // keeps the order of change
        waiting.put(id, record);
    }

    /** Hands what waits to a flush; it stays visible to {@link #find} until stored or given back. */
    public List<T> take() {
        List<T> out = new ArrayList<>(waiting.values());
        writing = waiting;
        waiting = new LinkedHashMap<>();
        return out;
    }

    public void stored() {
        writing = new LinkedHashMap<>();
    }

    /** The write failed: what was taken waits again, unless a newer version of it came meanwhile. */
    public void giveBack() {
        Map<Long, T> back = writing;
        writing = new LinkedHashMap<>();
        back.putAll(waiting);
        waiting = back;
    }

    /** The records, waiting or being written, that pass {@code test}: newest change first. */
    public List<T> find(Predicate<T> test) {
        List<T> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Map<Long, T> m : List.of(waiting, writing)) {
            List<T> part = new ArrayList<>(m.values());
            for (int i = part.size() - 1; i >= 0; i--) {
                T r = part.get(i);
                long id = idOf.applyAsLong(r);
                if (seen.add(id) && test.test(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    public int size() {
        return waiting.size();
    }

    /** Forgets what waits for one record's owner that is gone (a deleted target's incidents). */
    public void drop(Predicate<T> test) {
        waiting.values().removeIf(test);
    }
}
