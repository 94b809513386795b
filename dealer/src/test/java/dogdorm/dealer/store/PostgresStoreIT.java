package dogdorm.dealer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.store.postgres.PostgresStore;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server (one per class, a database per test). */
class PostgresStoreIT extends StoreContract {
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

    @Test
    void its_tables_and_columns_are_sqlites_version_for_version() throws Exception {
        try (Store sqlite = new SqliteStore(dir.resolve("sqlite")); Store postgres = open(dir)) {
            Map<String, TreeSet<String>> lite, pgCols;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sqlite/dogdorm.db"))) {
                lite = columns(c, null);
            }
            try (Connection c = DriverManager.getConnection(pg.database(dir.toString()), "postgres", null)) {
                pgCols = columns(c, "public");
            }
            lite.keySet().removeIf(t -> t.startsWith("sqlite_"));
            assertEquals(lite, pgCols, "db/postgresql/ has drifted from db/");
            assertTrue(pgCols.get("targets").contains("vantage"), pgCols.toString());
        }
    }

    @Test
    void one_dealer_writes_to_a_database_a_second_is_refused_until_the_first_is_gone() throws Exception {
        String db = pg.database(dir.resolve("shared").toString());
        try (Store first = new PostgresStore(db, "postgres", null)) {
            StoreException e = Assertions.assertThrows(StoreException.class, () -> new PostgresStore(db, "postgres",
                    null));
            assertTrue(e.getMessage().contains("is in use by another dealer"), e.getMessage());
        }
        new PostgresStore(db, "postgres", null).close(); // the first one's session is over: free again
    }

    @Test
    void a_server_that_cannot_be_reached_is_refused_saying_so_without_a_password() {
        StoreException e = Assertions.assertThrows(StoreException.class,
                () -> new PostgresStore("jdbc:postgresql://127.0.0.1:1/dogdorm", "dealer", "hunter2"));
        assertTrue(e.getMessage().contains("cannot connect to postgresql://dealer@127.0.0.1:1/dogdorm"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
        Assertions.assertFalse(e.getMessage().contains("hunter2"));
    }

    private static Map<String, TreeSet<String>> columns(Connection c, String schema) throws Exception {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, schema, "%", "%")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString("TABLE_NAME").toLowerCase(), t -> new TreeSet<>())
                        .add(rs.getString("COLUMN_NAME").toLowerCase());
            }
        }
        return out;
    }
}
