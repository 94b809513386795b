package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.wire.JobTarget;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import dogdorm.dealer.testkit.ScriptedWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Status tool's four endpoints with known data, over real HTTP and a real SQLite file, across a restart. */
class StatusApiIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");

    private DealerServer start() throws Exception {
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0)
                .allowPrivate(true).spread(Duration.ofSeconds(1)).interval(Duration.ofMinutes(5)).build();
        return DealerServer.start(cfg, new SqliteStore(cfg.dataDir()), clock);
    }

    private JsonNode get(Http http, String path) throws Exception {
        Http.Answer a = http.get(path);
        assertEquals(200, a.status(), path + ": " + a.body());
        return json.readTree(a.body());
    }

    @Test
    void the_four_endpoints_answer_with_checks_and_incidents_across_a_restart() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,8080,nas.home\n127.0.0.1,9090\n");
        Files.writeString(lists.resolve("tcp_v6.csv"), "::1,8443\n");
        Files.writeString(lists.resolve("ping_v4.csv"), "# allow-private\n192.168.1.20,,\n");
        Set<Integer> downPorts = new HashSet<>();
        Function<JobTarget, Verdict> script =
                t -> downPorts.contains(t.port()) ? Verdict.down("connection refused") : Verdict.up(1.5);
        Instant downAt;
        try (DealerServer server = start(); ScriptedWorker w = new ScriptedWorker(server.url(), "w1")) {
            Http http = new Http(server.url());
            clock.advance(Duration.ofSeconds(2));
            assertEquals(4, w.round(script));

            JsonNode all = get(http, "/status");
            assertEquals(4, all.size());
            JsonNode nas = null;
            for (JsonNode c : all) {
                if (c.get("domain").asText().equals("nas.home")) nas = c;
            }
            assertTrue(nas != null, all.toString());
            assertTrue(nas.get("status").asBoolean());
            assertEquals(clock.instant().toString(), nas.get("last_performed").asText());
            assertEquals(Set.of("nas.home", "127.0.0.1:9090", "[::1]:8443", "192.168.1.20"),
                    Set.of(all.get(0).get("domain").asText(), all.get(1).get("domain").asText(),
                            all.get(2).get("domain").asText(), all.get(3).get("domain").asText()));
            assertEquals(0, get(http, "/status/down").size());

            // nas.home goes down: two failures (the fail threshold) open one incident
            downPorts.add(8080);
            clock.advance(Duration.ofMinutes(5));
            w.round(script);
            downAt = clock.instant();
            clock.advance(Duration.ofMinutes(1));
            w.round(script);
            JsonNode down = get(http, "/status/down");
            assertEquals(1, down.size());
            assertEquals("nas.home", down.get(0).get("domain").asText());
            assertTrue(!down.get(0).get("status").asBoolean());
            JsonNode inc = get(http, "/status/service/nas.home/incidents");
            assertEquals(1, inc.size());
            assertEquals("connection refused", inc.get(0).get("description").asText());
            assertEquals(downAt.toString(), inc.get(0).get("down_detection").asText());
            assertEquals(clock.instant().toString(), inc.get(0).get("confirmed_at").asText(),
                    "the second failure confirmed it");
            assertTrue(inc.get(0).get("up_detection").isNull());
            assertEquals(nas.get("id").asLong(), inc.get(0).get("check_id").asLong());
        }
        // the dealer restarts while the incident is open; the target comes back afterwards
        try (DealerServer server = start(); ScriptedWorker w = new ScriptedWorker(server.url(), "w2")) {
            Http http = new Http(server.url());
            downPorts.clear();
            clock.advance(Duration.ofMinutes(10));
            w.round(script);
            JsonNode inc = get(http, "/status/service/nas.home/incidents");
            assertEquals(1, inc.size(), "the incident opened before the restart is closed, not a new one");
            assertEquals(downAt.toString(), inc.get(0).get("down_detection").asText());
            assertEquals(clock.instant().toString(), inc.get(0).get("up_detection").asText());
            assertEquals(0, get(http, "/status/down").size());

            // a second outage: newest first
            downPorts.add(8080);
            clock.advance(Duration.ofMinutes(5));
            w.round(script);
            clock.advance(Duration.ofMinutes(1));
            w.round(script);
            inc = get(http, "/status/service/nas.home/incidents");
            assertEquals(2, inc.size());
            assertTrue(inc.get(0).get("up_detection").isNull(), "newest (open) first");
            assertTrue(inc.get(0).get("id").asLong() > inc.get(1).get("id").asLong());

            // lookups by ip:port, URL-encoded IPv6, bare ip; unknown names
            assertEquals(9090, portOf(server, get(http, "/status/service/127.0.0.1:9090").get("id").asLong()));
            JsonNode six = get(http, "/status/service/%5B%3A%3A1%5D%3A8443");
            assertEquals("[::1]:8443", six.get("domain").asText());
            assertEquals("[::1]:8443", get(http, "/status/service/%5B::1%5D:8443").get("domain").asText());
            assertEquals("[::1]:8443", get(http, "/status/service/::1").get("domain").asText(), "the bare ip");
            assertEquals(400, http.get("/status/service/[::1]:8443").status(), "raw brackets are not a valid path");
            assertEquals("192.168.1.20", get(http, "/status/service/192.168.1.20").get("domain").asText());
            assertEquals(0, get(http, "/status/service/%5B%3A%3A1%5D%3A8443/incidents").size());
            Http.Answer unknown = http.get("/status/service/nowhere.example");
            assertEquals(404, unknown.status());
            assertTrue(unknown.body().contains("no check for domain 'nowhere.example'"), unknown.body());
            assertEquals(404, http.get("/status/service/nowhere.example/incidents").status());
        }
    }

    @Test
    void checks_sharing_a_host_name_are_told_apart_by_host_and_port() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,80,shared.home\n127.0.0.1,443,shared.home\n");
        try (DealerServer server = start(); ScriptedWorker w = new ScriptedWorker(server.url(), "w1")) {
            Http http = new Http(server.url());
            clock.advance(Duration.ofSeconds(2));
            assertEquals(2, w.round(t -> t.port() == 443 ? Verdict.down("refused") : Verdict.up(1)));
            long first = get(http, "/status/service/shared.home").get("id").asLong();
            assertEquals(80, portOf(server, first), "the bare name: the lowest id");
            JsonNode https = get(http, "/status/service/shared.home:443");
            assertEquals(443, portOf(server, https.get("id").asLong()));
            assertEquals("shared.home", https.get("domain").asText());
            assertEquals(80, portOf(server, get(http, "/status/service/SHARED.home:80").get("id").asLong()));
            assertEquals(0, get(http, "/status/service/shared.home:443/incidents").size());
            assertEquals(404, http.get("/status/service/shared.home:8080").status());
        }
    }

    private static long portOf(DealerServer s, long id) {
        return s.reads().read(all -> all.stream().filter(t -> t.id() == id).findFirst().orElseThrow().port());
    }
}
