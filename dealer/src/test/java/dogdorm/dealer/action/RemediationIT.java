package dogdorm.dealer.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.probe.Probes;
import dogdorm.worker.probe.Resolver;
import dogdorm.worker.run.ProbeRunner;
import dogdorm.worker.run.Worker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dealer process watching a loopback TCP port from a DO Keepalive config, a real worker checking it, a
 * local fake of the DigitalOcean API and a local webhook receiver: the port closes, and exactly one reboot, then
 * one power cycle, then nothing more happens; the token never shows.
 */
class RemediationIT {
    private static final String TOKEN = "dop_v1_k33p4l1v3_s3cr3t_t0k3n";
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    @Test
    void a_closed_port_gets_one_reboot_then_one_power_cycle_and_nothing_while_cooling_down_or_after()
            throws Exception {
        List<RecordedRequest> posts = new CopyOnWriteArrayList<>();
        AtomicLong ids = new AtomicLong(1000);
        List<String> events = new CopyOnWriteArrayList<>();
        try (MockWebServer digitalOcean = new MockWebServer(); MockWebServer webhook = new MockWebServer();
             ServerSocket site = new ServerSocket()) {
            digitalOcean.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    if (r.getMethod().equals("POST")) {
                        posts.add(r);
                        return new MockResponse.Builder().code(201).body("{\"action\":{\"id\":" + ids.incrementAndGet()
                                + ",\"status\":\"in-progress\"}}").build();
                    }
                    String id = r.getUrl().encodedPath().replaceAll(".*/", "");
                    return new MockResponse.Builder().code(200).body("{\"action\":{\"id\":" + id
                            + ",\"status\":\"completed\"}}").build();
                }
            });
            digitalOcean.start();
            webhook.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    try {
                        events.add(json.readTree(r.getBody().utf8()).get("event").asText());
                    } catch (Exception e) {
                        events.add("unreadable");
                    }
                    return new MockResponse.Builder().code(200).build();
                }
            });
            webhook.start();
            site.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = site.getLocalPort();
            Path conf = dir.resolve("dokeepalive.conf");
            Files.writeString(conf, "[{\"token\": \"" + TOKEN + "\", \"description\": \"test droplet\", \"sites\": "
                    + "[{\"droplet_id\": \"424242\", \"host\": \"127.0.0.1\", \"port\": \"" + port + "\", "
                    + "\"interval\": \"1s\"}]}]");
            Files.createDirectories(dir.resolve("lists"));
            DealerProcess dealer = DealerProcess.start("--port", "0", "--data", dir.resolve("data").toString(),
                    "--lists", dir.resolve("lists").toString(), "--allow-private", "--keepalive", conf.toString(),
                    "--digitalocean-api", digitalOcean.url("/").toString(), "--reboot-after", "3",
                    "--reboot-cooldown", "6s", "--action-poll", "200ms", "--notify", webhook.url("/events").toString(),
                    "--spread", "1ms");
            Worker worker = null;
            try {
                String url = dealer.url();
                Http http = new Http(url);
                worker = new Worker(new Worker.Settings("remedy", null, List.of(4), List.of(Kind.TCP), 2,
                        Duration.ofMillis(500), 1000), new DealerClient(url, null, json),
                        new ProbeRunner(Probes.standard(Resolver.system())), new Random());
                worker.start();
                Eventually.until(Duration.ofSeconds(15), () -> "up: " + http.get("/api/targets").body(),
                        () -> state(http).equals("up"));

                site.close(); // the droplet "freezes"
                Eventually.until(Duration.ofSeconds(15), "a reboot", () -> posts.size() >= 1);
                RecordedRequest reboot = posts.get(0);
                assertEquals("/v2/droplets/424242/actions", reboot.getUrl().encodedPath());
                assertEquals("{\"type\":\"reboot\"}", reboot.getBody().utf8());
                assertEquals("Bearer " + TOKEN, reboot.getHeaders().get("Authorization"));
                assertTrue(reboot.getHeaders().get("Content-Type").startsWith("application/json"));
                Thread.sleep(2_500); // well inside the 6 s cooldown, with checks still failing
                assertEquals(1, posts.size(), "nothing during the cooldown");

                Eventually.until(Duration.ofSeconds(15), "the power cycle", () -> posts.size() >= 2);
                assertEquals("{\"type\":\"power_cycle\"}", posts.get(1).getBody().utf8());
                Eventually.until(Duration.ofSeconds(15), () -> "remediation.failed in " + events,
                        () -> events.contains("remediation.failed"));
                Thread.sleep(3_000);
                assertEquals(2, posts.size(), "after the power cycle, nothing more");

                // the droplet comes back
                try (ServerSocket again = new ServerSocket()) {
                    again.setReuseAddress(true);
                    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    Eventually.until(Duration.ofSeconds(15), "up again", () -> state(http).equals("up"));
                    Thread.sleep(2_000);
                    assertEquals(2, posts.size(), "nothing after the port opened again");
                }
                JsonNode actions = json.readTree(http.get("/api/actions").body());
                assertEquals(2, actions.size());
                assertEquals("power_cycle", actions.get(0).get("type").asText());
                assertEquals("reboot", actions.get(1).get("type").asText());
                for (JsonNode a : actions) {
                    assertEquals("424242", a.get("droplet_id").asText());
                    assertEquals(201, a.get("api_status").asInt());
                    assertEquals("completed", a.get("final_status").asText());
                    assertTrue(a.get("action_id").asLong() > 1000);
                }
                assertTrue(events.containsAll(List.of("target.down", "remediation.sent", "remediation.failed",
                        "target.up")), events.toString());
                long id = json.readTree(http.get("/api/targets").body()).get("targets").get(0).get("id").asLong();
                for (String path : new String[] {"/api/targets", "/servers.json", "/servers", "/api/actions",
                        "/targets/" + id, "/metrics", "/api/imports", "/legacy", "/status", "/healthz"}) {
                    assertFalse(http.get(path).body().contains(TOKEN), "the token is in " + path);
                }
                assertTrue(http.get("/targets/" + id).body().contains("power_cycle"), "actions on the target page");
            } finally {
                if (worker != null) {
                    worker.stop(Duration.ofSeconds(5), Duration.ofSeconds(5));
                }
                dealer.close();
            }
            String output = dealer.output();
            assertTrue(output.contains("sending POST /v2/droplets/424242/actions"), output);
            assertFalse(output.contains(TOKEN), "the token reached the dealer's log");
            assertFalse(events.toString().contains(TOKEN));
        }
    }

    private String state(Http http) {
        try {
            return json.readTree(http.get("/api/targets").body()).get("targets").get(0).get("state").asText();
        } catch (Exception e) {
            return "?";
        }
    }

}
