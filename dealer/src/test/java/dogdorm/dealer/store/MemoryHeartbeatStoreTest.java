package dogdorm.dealer.store;

import java.nio.file.Path;

class MemoryHeartbeatStoreTest extends HeartbeatStoreContract {
    @Override
    Store open(Path dir) {
        return new MemoryStore();
    }

    @Override
    boolean durable() {
        return false;
    }
}
