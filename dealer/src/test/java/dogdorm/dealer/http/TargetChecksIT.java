package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/targets/{id}/checks} and the target page's bar of recent checks, over real HTTP. */
class TargetChecksIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();
    private final MutableClock clock = MutableClock.at("2026-12-05T10:00:00Z");

    @Test
    void the_last_checks_come_newest_first_with_worker_latency_and_error_and_survive_a_restart() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,8080,nas.home\n");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofSeconds(1)).interval(Duration.ofMinutes(5)).build();
        AtomicBoolean down = new AtomicBoolean();
        try (DealerServer server = DealerServer.start(cfg, new SqliteStore(cfg.dataDir()), clock);
             ScriptedWorker w = new ScriptedWorker(server.url(), "w-ams")) {
            Http http = new Http(server.url());
            clock.advance(Duration.ofSeconds(2));
            w.round(t -> Verdict.up(1.5));
            Instant first = clock.instant();
            down.set(true);
            clock.advance(Duration.ofMinutes(5));
            w.round(t -> Verdict.down("connection refused"));
            Instant second = clock.instant();

            long id = json.readTree(http.get("/api/targets").body()).get("targets").get(0).get("id").asLong();
            JsonNode all = json.readTree(http.get("/api/targets/" + id + "/checks").body());
            assertEquals(id, all.get("target").asLong());
            assertEquals(30, all.get("kept").asInt());
            JsonNode checks = all.get("checks");
            assertEquals(2, checks.size(), checks.toString());
            assertEquals(second.toString(), checks.get(0).get("at").asText());
            assertEquals(false, checks.get(0).get("up").asBoolean());
            assertEquals("connection refused", checks.get(0).get("error").asText());
            assertEquals("w-ams", checks.get(0).get("worker").asText());
            assertEquals(first.toString(), checks.get(1).get("at").asText());
            assertEquals(1.5, checks.get(1).get("latency_ms").asDouble());
            assertTrue(checks.get(1).get("error").isNull());

            assertEquals(1, json.readTree(http.get("/api/targets/" + id + "/checks?limit=1").body())
                    .get("checks").size());
            assertEquals(1, json.readTree(http.get("/api/targets/" + id + "/checks?since=" + second).body())
                    .get("checks").size());
            Http.Answer bad = http.get("/api/targets/" + id + "/checks?since=yesterday");
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("since: 'yesterday' is not a time like 2026-12-05T10:00:00Z"), bad.body());
            Http.Answer tooMany = http.get("/api/targets/" + id + "/checks?limit=31");
            assertEquals(400, tooMany.status());
            assertTrue(tooMany.body().contains("limit: 31 is outside 1..30"), tooMany.body());
            assertEquals(404, http.get("/api/targets/999999/checks").status());

            String page = http.get("/targets/" + id).body();
            String bar = page.substring(page.indexOf("id=\"check-bar\""));
            bar = bar.substring(0, bar.indexOf("</div>"));
            assertTrue(bar.indexOf("beat up") < bar.indexOf("beat down"), "oldest to newest: " + bar);
            assertTrue(bar.contains("down: connection refused (w-ams)"), bar);
        }
        try (DealerServer again = DealerServer.start(cfg, new SqliteStore(cfg.dataDir()), clock)) {
            Http http = new Http(again.url());
            long id = json.readTree(http.get("/api/targets").body()).get("targets").get(0).get("id").asLong();
            JsonNode checks = json.readTree(http.get("/api/targets/" + id + "/checks").body()).get("checks");
            assertEquals(2, checks.size(), "kept across a restart: " + checks);
            assertEquals("connection refused", checks.get(0).get("error").asText());
            assertEquals(1.5, checks.get(1).get("latency_ms").asDouble());
        }
    }
}
