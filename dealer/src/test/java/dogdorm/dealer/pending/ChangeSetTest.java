package dogdorm.dealer.pending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeSetTest {
    /** A mutable row, as the tables hold. */
    static final class Row {
        final long id;
        String value;

        Row(long id, String value) {
            this.id = id;
            this.value = value;
        }

        Row copy() {
            return new Row(id, value);
        }
    }

    private final Map<Long, Row> rows = new HashMap<>();
    private final ChangeSet<Row> changes = new ChangeSet<>(rows, r -> r.id, Row::copy);

    @Test
    void take_copies_the_changed_rows_names_the_deleted_and_starts_again() {
        rows.put(1L, new Row(1, "a"));
        rows.put(2L, new Row(2, "b"));
        changes.changed(1);
        changes.changed(2);
        rows.remove(2L);
        changes.deleted(2);
        ChangeSet.Taken<Row> taken = changes.take();
        assertEquals(1, taken.rows().size());
        assertEquals("a", taken.rows().get(0).value);
        assertNotSame(rows.get(1L), taken.rows().get(0), "a copy: later edits do not reach the flush");
        assertEquals(Set.of(2L), taken.deleted());
        ChangeSet.Taken<Row> again = changes.take();
        assertTrue(again.rows().isEmpty() && again.deleted().isEmpty());
    }

    @Test
    void a_failed_write_gives_back_only_what_is_still_true() {
        rows.put(1L, new Row(1, "a"));
        rows.put(3L, new Row(3, "c"));
        changes.changed(1);
        changes.changed(3);
        changes.deleted(2);
        ChangeSet.Taken<Row> taken = changes.take();
        rows.remove(3L); // deleted while the write ran: its change is moot
        changes.deleted(3);
        rows.put(2L, new Row(2, "back")); // re-added while the write ran: not deleted any more
        changes.giveBack(taken);
        ChangeSet.Taken<Row> next = changes.take();
        assertEquals(List.of(1L), next.rows().stream().map(r -> r.id).toList());
        assertEquals(Set.of(3L), next.deleted());
    }
}
