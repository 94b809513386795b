package dogdorm.dealer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.testkit.Batches;
import java.nio.file.Path;
import java.util.Set;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreContract {
    @Override
    Store open(Path dir) {
        return new MemoryStore();
    }

    @Override
    boolean durable() {
        return false;
    }

    @Test
    void a_write_with_a_duplicate_key_changes_nothing() throws Exception {
        MemoryStore store = new MemoryStore();
        store.write(Batches.targets(List.of(row(1, "8.8.8.8", 1)), Set.of(), 1));
        TargetRow twin = new TargetRow(3, row(2, "8.8.4.4", 9).spec(), row(3, "8.8.4.4", 9).stats(), null);
        assertThrows(StoreException.class, () -> store.write(Batches.targets(List.of(row(2, "8.8.4.4", 9), twin),
                Set.of(1L), 3)));
        assertEquals(1, store.load().core().targets().size());
    }
}
