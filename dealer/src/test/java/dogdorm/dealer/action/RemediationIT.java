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
                String page = http.get("/actions").body();
                assertTrue(page.contains("live: actions are sent") && !page.contains("id=\"dry-run\""), page);
                assertEquals(2, page.split("<a href=\"/targets/" + id + "\">test droplet</a>", -1).length - 1,
                        "both actions, the site named by its description:\n" + page);
                assertFalse(page.contains(TOKEN));
            } finally {
                if (worker != null) {
                    worker.stop(Duration.ofSeconds(5), Duration.ofSeconds(5));
                }
                dealer.close();
            }
            String output = dealer.output();
            assertTrue(output.contains("remediation is live: 1 keepalive site(s) watched; a droplet is rebooted after 3 "
                    + "failed checks in a row"), output);
            assertTrue(output.contains("test droplet (127.0.0.1:" + port + ") failed 3 checks in a row: sending POST "
                    + "/v2/droplets/424242/actions"), output);
            assertFalse(output.contains(TOKEN), "the token reached the dealer's log");
            assertFalse(events.toString().contains(TOKEN));
        }
    }

    @Test
    void a_dry_run_is_announced_shown_on_every_page_and_its_actions_listed_by_the_sites_description()
            throws Exception {
        List<RecordedRequest> calls = new CopyOnWriteArrayList<>();
        try (MockWebServer digitalOcean = new MockWebServer()) {
            digitalOcean.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    calls.add(r);
                    return new MockResponse.Builder().code(500).build();
                }
            });
            digitalOcean.start();
            int port;
            try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = gone.getLocalPort(); // closed from here on: every check fails at once
            }
            Path conf = dir.resolve("dokeepalive.conf");
            Files.writeString(conf, "[{\"token\": \"" + TOKEN + "\", \"description\": \"shop web server\", \"sites\": "
                    + "[{\"droplet_id\": \"424242\", \"host\": \"127.0.0.1\", \"port\": " + port + ", "
                    + "\"interval\": \"1s\"}]}]");
            Files.createDirectories(dir.resolve("lists"));
            DealerProcess dealer = DealerProcess.start("--data", dir.resolve("data").toString(),
                    "--lists", dir.resolve("lists").toString(), "--allow-private", "--keepalive", conf.toString(),
                    "--digitalocean-api", digitalOcean.url("/").toString(), "--dry-run", "--reboot-after", "2",
                    "--reboot-cooldown", "1h", "--spread", "1ms");
            Worker worker = null;
            try {
                Http http = new Http(dealer.url());
                worker = new Worker(new Worker.Settings("dry", null, List.of(4), List.of(Kind.TCP), 2,
                        Duration.ofMillis(500), 1000), new DealerClient(dealer.url(), null, json),
                        new ProbeRunner(Probes.standard(Resolver.system())), new Random());
                worker.start();
                Eventually.until(Duration.ofSeconds(20), () -> "a dry-run action: " + http.get("/api/actions").body(),
                        () -> count(http, "/api/actions") == 1);
                JsonNode action = json.readTree(http.get("/api/actions").body()).get(0);
                assertEquals("reboot", action.get("type").asText());
                assertEquals("dry-run", action.get("final_status").asText());
                assertEquals(List.of(), calls, "a dry run sends nothing");
                long id = action.get("target_id").asLong();

                JsonNode target = json.readTree(http.get("/api/targets").body()).get("targets").get(0);
                assertEquals("shop web server", target.get("label").asText());
                assertTrue(http.get("/targets/" + id).body().contains("<h1 class=\"target-name\">shop web server "));
                String banner = "id=\"dry-run\">Remediation is a dry run";
                for (String path : new String[] {"/servers", "/targets/" + id, "/imports", "/workers", "/actions"}) {
                    String body = http.get(path).body();
                    assertTrue(body.contains(banner), "the dry run is said on " + path);
                    assertFalse(body.contains(TOKEN), "the token is in " + path);
                }
                assertTrue(http.get("/servers").body().contains(">shop web server</a>"), "named on /servers");
                String page = http.get("/actions").body();
                assertTrue(page.contains("dry run: logged and audited, never sent"), page);
                assertTrue(page.contains("<a href=\"/targets/" + id + "\">shop web server</a>"), page);
                assertTrue(page.contains("<option value=\"" + id + "\">shop web server (#" + id + ")</option>"), page);

                assertEquals(1, count(http, "/api/actions?outcome=dry-run"));
                assertEquals(0, count(http, "/api/actions?outcome=completed"));
                assertEquals(1, count(http, "/api/actions?target=" + id + "&within=1h"));
                assertEquals(0, count(http, "/api/actions?target=" + (id + 1)));
                assertEquals(0, count(http, "/api/actions?until=2026-01-01T00:00:00Z"));
                String none = http.get("/actions?outcome=completed&within=24h").body();
                assertTrue(none.contains("No action matches these filters.")
                        && none.contains("<option value=\"24h\" selected>last 24 h</option>")
                        && none.contains("<option value=\"completed\" selected>completed</option>"), none);
                Http.Answer bad = http.get("/api/actions?within=soon");
                assertEquals(400, bad.status());
                assertTrue(bad.body().contains("within: "), bad.body());
                Http.Answer both = http.get("/actions?within=1h&since=2026-12-05T10:00:00Z");
                assertEquals(400, both.status());
                assertTrue(both.body().contains("within: give since or within, not both"), both.body());
                assertEquals(400, http.get("/api/actions?outcome=Done!").status());
            } finally {
                if (worker != null) {
                    worker.stop(Duration.ofSeconds(5), Duration.ofSeconds(5));
                }
                dealer.close();
            }
            String output = dealer.output();
            assertTrue(output.contains("remediation is a dry run (--dry-run): 1 keepalive site(s) watched; reboots and "
                    + "power cycles are logged and audited (/actions), never sent"), output);
            assertTrue(output.contains("[dry run] would send POST /v2/droplets/424242/actions {\"type\":\"reboot\"} "
                    + "for shop web server (127.0.0.1:" + port + ")"), output);
            assertFalse(output.contains(TOKEN), "the token reached the dealer's log");
        }
    }

    /** How many actions a JSON answer lists. */
    private int count(Http http, String path) {
        Http.Answer a = http.get(path);
        assertEquals(200, a.status(), path + ": " + a.body());
        try {
            return json.readTree(a.body()).size();
        } catch (Exception e) {
            throw new AssertionError(path + ": not JSON: " + a.body(), e);
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
