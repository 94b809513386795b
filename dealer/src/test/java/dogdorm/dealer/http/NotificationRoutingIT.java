package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.HookReceiver;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import dogdorm.dealer.testkit.SmtpReceiver;
import dogdorm.dealer.testkit.Web;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receivers created through the API over real HTTP, a scripted worker taking one of two targets down and up again:
 * each receiver gets exactly the events its filter allows (webhooks on a real HTTP server, e-mail on a real SMTP
 * server), the others nothing, and the {@code --notify} webhook everything.
 */
class NotificationRoutingIT {
    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final ObjectMapper json = Json.newMapper();

    @Test
    void each_receiver_gets_exactly_the_events_its_filter_allows() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "192.0.2.1,20001,,,,tags=nas\n192.0.2.1,20002\n");
        MemoryStore store = new MemoryStore();
        try (HookReceiver hooks = new HookReceiver(); SmtpReceiver smtp = SmtpReceiver.start()) {
            DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                    .spread(Duration.ofSeconds(1)).interval(Duration.ofMinutes(5))
                    .retryInterval(Duration.ofMinutes(5)).failThreshold(1).recoverThreshold(1)
                    .admin(USER, PASSWORD).flush(Duration.ofHours(1))
                    .notifyUrls(List.of(hooks.url("/cli"))).build();
            try (DealerServer server = DealerServer.start(cfg, store, clock);
                 ScriptedWorker worker = new ScriptedWorker(server.url(), "w1")) {
                Web web = new Web(server.url()).as(USER, PASSWORD);
                clock.advance(Duration.ofSeconds(2));
                worker.allUp();
                long x = -1;
                for (JsonNode t : json.readTree(web.get("/api/targets").body()).get("targets")) {
                    if (t.get("port").asInt() == 20001) x = t.get("id").asLong();
                }
                long down = x;

                create(web, "all", "json", hooks.url("/all"), null);
                create(web, "x only", "slack", hooks.url("/x"), "{\"targets\":[" + x + "]}");
                create(web, "list ups", "discord", hooks.url("/list"),
                        "{\"lists\":[\"tcp_v4.csv\"],\"events\":[\"target.up\"]}");
                create(web, "tcp downs", "json", hooks.url("/tcp"), "{\"tags\":[\"tcp\"],\"events\":[\"target.down\"]}");
                create(web, "another list", "ntfy", hooks.url("/other"), "{\"lists\":[\"udp_v4.csv\"]}");
                create(web, "stun", "json", hooks.url("/stun"), "{\"tags\":[\"stun\"]}");
                create(web, "heartbeats", "json", hooks.url("/hb"), "{\"events\":[\"heartbeat.*\"]}");
                // the row's own tag (a filter's tags are lowered as the targets' are), and one no target has
                create(web, "nas", "json", hooks.url("/nas"), "{\"tags\":[\"NAS\"]}");
                create(web, "office", "json", hooks.url("/office"), "{\"tags\":[\"office\"]}");
                Web.Answer mail = web.json("POST", "/api/notifications", "{\"name\":\"mail\",\"kind\":\"email\","
                        + "\"email\":{\"host\":\"127.0.0.1\",\"port\":" + smtp.port() + ",\"starttls\":false,"
                        + "\"from\":\"dogdorm@example.org\",\"to\":[\"ops@example.org\"]},"
                        + "\"filter\":{\"targets\":[" + x + "],\"events\":[\"target.down\"]}}");
                assertEquals(201, mail.status(), mail.body());

                for (boolean up : new boolean[] {false, true}) {
                    clock.advance(Duration.ofMinutes(6));
                    worker.round(t -> t.id() == down && !up ? Verdict.down("connection refused") : Verdict.up(2));
                }
                Map<String, List<String>> got = new TreeMap<>();
                // every event is done with (delivered to each receiver its filter chose) once the outbox is empty
                Eventually.until(Duration.ofSeconds(20), () -> "both events at /all and an empty outbox: " + got,
                        () -> {
                            for (HookReceiver.Hook h : hooks.drain()) {
                                got.computeIfAbsent(h.path(), p -> new ArrayList<>()).add(type(h));
                            }
                            return got.getOrDefault("/all", List.of()).size() == 2
                                    && store.load().undelivered().isEmpty();
                        });
                for (HookReceiver.Hook h : hooks.drain()) {
                    got.computeIfAbsent(h.path(), p -> new ArrayList<>()).add(type(h));
                }
                assertEquals(Map.of("/cli", List.of("target.down", "target.up"),
                        "/all", List.of("target.down", "target.up"),
                        "/x", List.of("target.down", "target.up"),
                        "/list", List.of("target.up"),
                        "/tcp", List.of("target.down"),
                        "/nas", List.of("target.down", "target.up")), got);
                SmtpReceiver.Mail m = smtp.next(5);
                assertNotNull(m, "the e-mail receiver got the down event");
                assertEquals("target.down", m.header("X-Dogdorm-Event").split(" ")[0]);
                assertTrue(m.header("Subject").contains(":20001) is down: connection refused"), m.header("Subject"));
                assertNull(smtp.next(1), "and only that one");
                JsonNode listed = json.readTree(web.get("/api/notifications").body()).get("receivers");
                Map<String, Long> delivered = new TreeMap<>();
                listed.forEach(r -> delivered.put(r.get("name").asText(), r.get("delivered").asLong()));
                Map<String, Long> expected = new TreeMap<>(Map.of("--notify 1", 2L, "all", 2L, "x only", 2L,
                        "list ups", 1L, "tcp downs", 1L, "another list", 0L, "stun", 0L, "heartbeats", 0L, "mail", 1L));
                expected.putAll(Map.of("nas", 2L, "office", 0L));
                assertEquals(expected, delivered);
            }
        }
    }

    /**
     * The event a webhook got: a JSON body names it; a Slack or Discord body carries only the message (about the
     * target on port 20001, down or up again); ntfy names it in its Title header.
     */
    private String type(HookReceiver.Hook h) {
        if (h.headers().containsKey("title")) {
            return h.headers().get("title").replace("Dogdorm: ", "");
        }
        try {
            JsonNode b = json.readTree(h.body());
            if (b.has("event")) {
                return b.get("event").asText();
            }
            String text = b.has("text") ? b.get("text").asText() : b.get("content").asText();
            return !text.contains(":20001)") ? text : text.contains(" is down: connection refused") ? "target.down"
                    : text.endsWith(" is up again") ? "target.up" : text;
        } catch (Exception e) {
            return h.body();
        }
    }

    private void create(Web web, String name, String kind, String url, String filter) throws Exception {
        Web.Answer a = web.json("POST", "/api/notifications", "{\"name\":\"" + name + "\",\"kind\":\"" + kind
                + "\",\"url\":\"" + url + "\"" + (filter == null ? "" : ",\"filter\":" + filter) + "}");
        assertEquals(201, a.status(), a.body());
    }
}
