package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.worker.peers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dogdorm dealer --store postgresql://...}: the dealer keeps its data in a real PostgreSQL server, a restart
 * finds it there, and a second dealer on the same database is refused with the reason.
 */
class PostgresDealerIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    @Test
    void a_dealer_on_postgresql_keeps_its_targets_across_a_restart_and_a_second_is_refused() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String db = pg.database("dealer");
            String url = pg.storeUrl("dealer");
            Path lists = Files.createDirectories(dir.resolve("lists"));
            Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,8080,nas.home\n127.0.0.1,8081\n");
            String[] options = {"--store", url, "--data", dir.resolve("data").toString(), "--lists",
                    lists.toString(), "--allow-private", "--flush", "1s", "--spread", "1ms"};
            DealerProcess first = DealerProcess.start(options);
            try {
                Eventually.until(Duration.ofSeconds(15), "two targets", () -> count(first) == 2);
                try (ScriptedWorker w = new ScriptedWorker(first.url(), "w1")) {
                    assertEquals(2, w.allUp());
                }
                assertTrue(first.output().contains("store: " + url), first.output());
                DealerProcess.Exited second = DealerProcess.run(options);
                assertEquals(1, second.code(), second.output());
                assertTrue(second.output().contains("is in use by another dealer"), second.output());
            } finally {
                first.process().destroy(); // SIGTERM: the final flush
                first.process().waitFor(30, TimeUnit.SECONDS);
            }
            assertTrue(Files.notExists(dir.resolve("data/dogdorm.db")), "no SQLite file beside it");
            try (var c = java.sql.DriverManager.getConnection(db, "postgres", null);
                 var rs = c.createStatement().executeQuery("SELECT count(*) FROM target_stats WHERE checks = 1")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "the checks are in PostgreSQL");
            }
            DealerProcess again = DealerProcess.start(options);
            try {
                JsonNode ts = targets(again);
                assertEquals(2, ts.size(), "loaded from PostgreSQL: " + ts);
                for (JsonNode t : ts) {
                    assertEquals(1, t.get("checks").asInt(), "each target's check came back: " + t);
                    assertEquals("up", t.get("state").asText());
                }
            } finally {
                again.process().destroy();
                again.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private int count(DealerProcess d) {
        try {
            return targets(d).size();
        } catch (Exception e) {
            return -1;
        }
    }

    private JsonNode targets(DealerProcess d) throws Exception {
        return json.readTree(new Http(d.url()).get("/api/targets").body()).get("targets");
    }
}
