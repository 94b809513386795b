package dogdorm.dealer.store;

import java.nio.file.Path;

/** The heartbeat part of the store contract on a real PostgreSQL server. */
class PostgresHeartbeatStoreIT extends HeartbeatStoreContract {
    @Override
    Store open(Path dir) throws Exception {
        return SharedPostgres.open(dir);
    }
}
