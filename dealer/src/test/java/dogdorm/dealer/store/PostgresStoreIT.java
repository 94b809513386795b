package dogdorm.dealer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.store.postgres.PostgresStore;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.worker.peers.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server (one for the run, a database per test). */
class PostgresStoreIT extends StoreContract {
    private static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = SharedPostgres.server();
    }

    @Override
    Store open(Path dir) throws Exception {
        return SharedPostgres.open(dir);
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
    void the_leader_says_where_it_answers_and_a_refused_dealer_is_told() throws Exception {
        String db = pg.database(dir.resolve("named").toString());
        dogdorm.dealer.config.PostgresUrl url = dogdorm.dealer.config.PostgresUrl.parse(
                pg.storeUrl(dir.resolve("named").toString()));
        try (PostgresStore first = new PostgresStore(db, "postgres", null)) {
            assertEquals(null, PostgresStore.leader(url, null), "not said yet");
            first.announce("http://dealer-a.example:8000");
            assertEquals("http://dealer-a.example:8000", PostgresStore.leader(url, null));
            StoreException e = Assertions.assertThrows(StoreException.class, () -> new PostgresStore(db, "postgres",
                    null));
            assertTrue(e.getMessage().contains("is in use by another dealer (http://dealer-a.example:8000)"),
                    e.getMessage());
        }
        try (PostgresStore next = new PostgresStore(db, "postgres", null)) {
            next.announce("http://dealer-b.example:8000");
            assertEquals("http://dealer-b.example:8000", PostgresStore.leader(url, null), "the new leader's");
        }
        assertEquals(null, PostgresStore.leader(dogdorm.dealer.config.PostgresUrl.parse(
                "postgresql://postgres@127.0.0.1:1/none"), null), "a database that cannot be asked names no one");
    }

    @Test
    void a_dealer_standing_by_takes_over_when_the_leader_is_gone() throws Exception {
        String db = pg.database(dir.resolve("standby").toString());
        PostgresStore leader = new PostgresStore(db, "postgres", null);
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new PostgresStore(db, "postgres", null, true);
            } catch (StoreException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(500);
        Assertions.assertFalse(waiting.isDone(), "stands by while the leader lives");
        leader.close();
        try (PostgresStore next = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)) {
            assertEquals(leader.epoch() + 1, next.epoch(), "a new epoch");
            next.write(dogdorm.dealer.testkit.Batches.targets(java.util.List.of(row(1, "8.8.8.8", 1)),
                    java.util.Set.of(), 1));
        }
    }

    @Test
    void a_dealer_that_lost_its_session_and_was_replaced_writes_nothing_more() throws Exception {
        String db = pg.database(dir.resolve("fenced").toString());
        try (PostgresStore old = new PostgresStore(db, "postgres", null)) {
            // its lock's session ends (a network cut), its pool lives on
            try (Connection admin = DriverManager.getConnection(db, "postgres", null);
                 java.sql.Statement st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = "
                        + (PostgresStore.WRITER_LOCK & 0xffffffffL));
            }
            try (PostgresStore next = new PostgresStore(db, "postgres", null, true)) {
                StoreException e = Assertions.assertThrows(StoreException.class, () -> old.write(
                        dogdorm.dealer.testkit.Batches.targets(java.util.List.of(row(1, "8.8.8.8", 1)),
                                java.util.Set.of(), 1)));
                assertTrue(e.getMessage().contains("this dealer no longer leads"), e.getMessage());
                assertTrue(next.load().core().targets().isEmpty(), "nothing of the deposed dealer's flush");
            }
        }
    }

    @Test
    void the_dealers_of_one_database_share_one_lease_key() throws Exception {
        String db = pg.database(dir.resolve("key").toString());
        byte[] first;
        try (Store s = new PostgresStore(db, "postgres", null)) {
            first = s.sharedLeaseKey();
            assertEquals(32, first.length);
            org.junit.jupiter.api.Assertions.assertArrayEquals(first, s.sharedLeaseKey(), "made once");
        }
        try (Store s = new PostgresStore(db, "postgres", null)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(first, s.sharedLeaseKey(), "the next dealer's too");
        }
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
