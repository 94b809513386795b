package dogdorm.dealer.store;

import dogdorm.dealer.store.postgres.PostgresStore;
import dogdorm.worker.peers.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The heartbeat part of the store contract on a real PostgreSQL server. */
class PostgresHeartbeatStoreIT extends HeartbeatStoreContract {
    private static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    @Override
    Store open(Path dir) throws Exception {
        return new PostgresStore(pg.database(dir.toString()), "postgres", null);
    }
}
