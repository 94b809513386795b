package dogdorm.dealer;

import dogdorm.dealer.config.DealerConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.dealer.testkit.Closer;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.peers.Chrony;
import dogdorm.worker.peers.Coturn;
import dogdorm.worker.peers.Dnsmasq;
import dogdorm.worker.peers.Mosquitto;
import dogdorm.worker.probe.Probes;
import dogdorm.worker.probe.Resolver;
import dogdorm.worker.run.ProbeRunner;
import dogdorm.worker.run.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of check end to end: CSV lists pointing at real coturn, mosquitto, chrony and dnsmasq on loopback
 * and at the system ping, a real dealer and a real worker; each kind shows up on /servers and /servers.json.
 */
class ProbesEndToEndIT {
    @TempDir
    Path dir;
    @AutoClose
    final Closer closer = new Closer();
    private final ObjectMapper json = Json.newMapper();

    @Test
    void every_kind_of_check_shows_up_on_the_pages() throws Exception {
        Coturn coturn = closer.keep(Coturn.withAuth());
        Mosquitto mosquitto = closer.keep(Mosquitto.start());
        Chrony chrony = closer.keep(Chrony.start());
        Dnsmasq dnsmasq = closer.keep(Dnsmasq.start());
        Path lists = Files.createDirectories(dir.resolve("lists"));
        // one STUN row per family: classified into UDP and TCP services, and (IPv4, two addresses) an RFC 3489 group
        Files.writeString(lists.resolve("stun_v4.csv"), "127.0.0.1," + coturn.port() + "\n");
        Files.writeString(lists.resolve("stun_v6.csv"), "::1," + coturn.port() + "\n");
        Files.writeString(lists.resolve("turn_v4.csv"), "127.0.0.1," + coturn.port() + ",0," + coturn.user() + ","
                + coturn.password() + "\n");
        Files.writeString(lists.resolve("mqtt_v4.csv"), "127.0.0.1," + mosquitto.anonymousPort() + "\n");
        Files.writeString(lists.resolve("mqtt_v6.csv"), "::1," + mosquitto.passwordPort() + ",0,"
                + mosquitto.user() + "," + mosquitto.password() + "\n");
        Files.writeString(lists.resolve("ntp_v4.csv"), "127.0.0.1," + chrony.port() + "\n");
        Files.writeString(lists.resolve("dns_v4.csv"), "127.0.0.1," + dnsmasq.port() + "\n");
        Files.writeString(lists.resolve("ping_v4.csv"), "127.0.0.1,0\n");
        Files.writeString(lists.resolve("ping_v6.csv"), "::1,\n");
        DealerServer server = closer.keep(DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0)
                .allowPrivate(true).interval(Duration.ofSeconds(3)).spread(Duration.ofMillis(200)).build()));
        Worker worker = new Worker(new Worker.Settings("e2e-probes", null, List.of(4, 6), List.of(Kind.values()), 16,
                Duration.ofSeconds(1), 10_000), new DealerClient(server.url(), null, json),
                new ProbeRunner(Probes.standard(Resolver.system(), Dnsmasq.BOTH)), new Random());
        worker.start();
        closer.keep(() -> worker.stop(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        Http http = new Http(server.url());

        // every 3 s: one check that a loaded machine lets time out is followed by another, not by a failed test
        Eventually.until(Duration.ofSeconds(40), () -> "all up: " + states(http), () -> {
            Map<String, String> s = states(http);
            return s.size() == 12 && s.values().stream().allMatch("up"::equals);
        });

        // what the probes said beyond up/down is kept with each target
        for (JsonNode t : json.readTree(http.get("/api/targets").body()).get("targets")) {
            JsonNode detail = t.get("detail");
            switch (t.get("kind").asText()) {
                case "turn" -> assertEquals("allocated", detail.get("outcome").asText(), t.toString());
                case "ntp" -> assertTrue(detail.get("stratum").asInt() >= 1, t.toString());
                case "mqtt" -> assertTrue(detail.has("protocol_version"), t.toString());
                default -> { }
            }
        }

        JsonNode servers = json.readTree(http.get("/servers.json").body());
        for (String type : new String[] {"STUN(see_ip)", "STUN(test_nat)", "TURN", "MQTT", "NTP", "DNS", "PING"}) {
            assertTrue(servers.has(type), type + " missing from /servers.json");
        }
        assertEquals(1, servers.get("STUN(see_ip)").get("IPv4").get("TCP").size());
        assertEquals(1, servers.get("STUN(see_ip)").get("IPv6").get("TCP").size());
        assertEquals(4, servers.get("STUN(test_nat)").get("IPv4").get("UDP").get(0).size(), "one group of four");
        assertEquals(1, servers.get("STUN(see_ip)").get("IPv6").get("UDP").size());
        assertEquals(1, servers.get("MQTT").get("IPv6").get("TCP").size());
        assertEquals(1, servers.get("PING").get("IPv6").get("ICMP").size());
        String page = http.get("/servers").body();
        for (String title : new String[] {"STUN(see_ip) · IPv4 · UDP", "STUN(see_ip) · IPv4 · TCP",
                "STUN(test_nat) · IPv4 · UDP", "TURN · IPv4 · UDP", "MQTT · IPv6 · TCP", "NTP · IPv4 · UDP",
                "DNS · IPv4 · UDP", "PING · IPv4 · ICMP", "PING · IPv6 · ICMP"}) {
            assertTrue(page.contains(title), title + " missing from /servers");
        }
        assertTrue(!page.contains(coturn.password()) && !page.contains(mosquitto.password()),
                "a password reached the page");
        assertTrue(!http.get("/servers.json").body().contains(coturn.password()), "a password reached the JSON");
    }

    /** "kind/family/transport" -> state, for every target. */
    private Map<String, String> states(Http http) {
        try {
            Map<String, String> out = new TreeMap<>();
            for (JsonNode t : json.readTree(http.get("/api/targets").body()).get("targets")) {
                out.put(t.get("kind").asText() + "/" + t.get("family").asInt() + "/" + t.get("transport").asText(),
                        t.get("state").asText() + (t.get("last_error").isNull() ? "" : ": " + t.get("last_error")
                                .asText()));
            }
            out.replaceAll((k, v) -> v.startsWith("up") ? "up" : v);
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
