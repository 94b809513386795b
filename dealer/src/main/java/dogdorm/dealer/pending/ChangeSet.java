package dogdorm.dealer.pending;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Which rows of an in-memory table (by id) changed or went since the flush last took them. The flush takes copies,
 * and gives them back when the write fails so the next flush writes them again. Not thread-safe: the dealer's lock
 * guards it, like the table it watches.
 */
public final class ChangeSet<T> {
    private final Map<Long, T> rows;
    private final ToLongFunction<T> idOf;
    private final UnaryOperator<T> copy;
    private Set<Long> changed = new HashSet<>();
    private Set<Long> deleted = new HashSet<>();
    /** Changed and deleted since readers were last told (independent of the flush's sets). */
    private Set<Long> touched = new LinkedHashSet<>();
    private Set<Long> touchedDeleted = new LinkedHashSet<>();

    /** Watches {@code rows} (the table's own map); {@code copy} makes the snapshot the flush writes. */
    public ChangeSet(Map<Long, T> rows, ToLongFunction<T> idOf, UnaryOperator<T> copy) {
        this.rows = rows;
        this.idOf = idOf;
        this.copy = copy;
    }

    /** What the flush writes: copies of the changed rows, and the ids of the deleted ones. */
    public record Taken<T>(List<T> rows, Set<Long> deleted) {}

    public void changed(long id) {
        changed.add(id);
        touched.add(id);
    }

    public void deleted(long id) {
        changed.remove(id);
        deleted.add(id);
        touched.remove(id);
        touchedDeleted.add(id);
    }

    /** The ids changed and deleted since the last call, for readers; both start again empty. */
    public Touched takeTouched() {
        if (touched.isEmpty() && touchedDeleted.isEmpty()) {
            return Touched.NONE;
        }
        Touched t = new Touched(touched, touchedDeleted);
        touched = new LinkedHashSet<>();
        touchedDeleted = new LinkedHashSet<>();
        return t;
    }

    /** Rows changed (and still there) and rows deleted, since readers were last told. */
    public record Touched(Set<Long> ids, Set<Long> deleted) {
        static final Touched NONE = new Touched(Set.of(), Set.of());
    }

    /** Copies of the rows changed since the last call, and the ids deleted; both start again empty. */
    public Taken<T> take() {
        List<T> out = new ArrayList<>(changed.size());
        for (Long id : changed) {
            T row = rows.get(id);
            if (row != null) {
                out.add(copy.apply(row));
            }
        }
        Taken<T> taken = new Taken<>(out, deleted);
        changed = new HashSet<>();
        deleted = new HashSet<>();
        return taken;
    }

    /** How many rows wait to be written: changed or deleted since the last take. */
    public int size() {
        return changed.size() + deleted.size();
    }

    /** After a failed write: what is still in the table is changed again, what is still gone deleted again. */
    public void giveBack(Taken<T> taken) {
        for (T row : taken.rows()) {
            long id = idOf.applyAsLong(row);
            if (rows.containsKey(id)) {
                changed.add(id);
            }
        }
        for (Long id : taken.deleted()) {
            if (!rows.containsKey(id)) {
                deleted.add(id);
            }
        }
    }
}
