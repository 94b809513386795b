package dogdorm.dealer.store;

import dogdorm.dealer.store.sqlite.SqliteStore;
import java.nio.file.Path;

class SqliteHeartbeatStoreTest extends HeartbeatStoreContract {
    @Override
    Store open(Path dir) throws Exception {
        return new SqliteStore(dir);
    }
}
