package dogdorm.dealer.store;

import dogdorm.dealer.store.postgres.PostgresStore;
import dogdorm.worker.peers.PostgresServer;
import java.nio.file.Path;

/**
 * One real PostgreSQL server for every store test class of a run (started on first use, stopped when the JVM
 * ends), a database of its own per test folder: the contracts run on it as on SQLite.
 */
final class SharedPostgres {
    private static PostgresServer server;

    private SharedPostgres() {}

    static synchronized PostgresServer server() throws Exception {
        if (server == null) {
            PostgresServer s = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            server = s;
        }
        return server;
    }

    /** A store on the database of {@code dir} (made on first use; the same one when the test reopens it). */
    static Store open(Path dir) throws Exception {
        return new PostgresStore(server().database(dir.toString()), "postgres", null);
    }
}
