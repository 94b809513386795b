package dogdorm.dealer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.worker.peers.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL that the store's tests will run against starts here as the tests start it (Debian's package, an
 * unprivileged user, a temporary folder, a free loopback port), and offers what leader election will stand on: a
 * session advisory lock that one session holds and another cannot take until the first session ends.
 */
class PostgresServerIT {
    @Test
    void a_real_server_starts_and_one_session_at_a_time_holds_an_advisory_lock() throws Exception {
        try (PostgresServer pg = PostgresServer.start();
             Connection a = pg.connect();
             Connection b = pg.connect()) {
            try (Statement st = a.createStatement()) {
                st.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT)");
                st.execute("INSERT INTO t VALUES (1, 'one') ON CONFLICT (id) DO UPDATE SET v = excluded.v");
                st.execute("INSERT INTO t VALUES (1, 'uno') ON CONFLICT (id) DO UPDATE SET v = excluded.v");
                try (ResultSet rs = st.executeQuery("SELECT v FROM t WHERE id = 1")) {
                    assertTrue(rs.next());
                    assertEquals("uno", rs.getString(1), "the upserts the stores write work here too");
                }
            }
            assertTrue(tryLock(a), pg.log());
            assertFalse(tryLock(b), "held by the other session");
            a.close(); // the holder's session ends, as when its dealer dies
            // the server ends the session's backend a moment after the client closes it: try until then
            long until = System.nanoTime() + 10_000_000_000L;
            boolean taken = tryLock(b);
            while (!taken && System.nanoTime() < until) {
                Thread.sleep(20);
                taken = tryLock(b);
            }
            assertTrue(taken, "taken once the holder's session is gone");
        }
    }

    private static boolean tryLock(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(42)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
