package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.testkit.Closer;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.LocalWorker;
import dogdorm.dealer.testkit.PyLiteral;
import dogdorm.worker.peers.Coturn;
import dogdorm.worker.peers.Dnsmasq;
import dogdorm.worker.peers.Mosquitto;
import dogdorm.worker.probe.DnsResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * List rows validated by a real worker against real coturn and mosquitto, with host names served by dnsmasq: STUN
 * rows classified, services made, and the results rendered as /legacy in the same order as /servers.json.
 */
class ImportsIT {
    @TempDir
    Path dir;
    @AutoClose
    final Closer closer = new Closer();

    @Test
    void stun_rows_are_classified_and_every_block_of_legacy_matches_the_ranking() throws Exception {
        Coturn nat = closer.keep(Coturn.withAuth());
        Coturn plain = closer.keep(Coturn.anonymous());
        Mosquitto mosquitto = closer.keep(Mosquitto.start());
        Dnsmasq dns = closer.keep(Dnsmasq.start("address=/mqtt.test/127.0.0.1", "address=/turn.test/127.0.0.1"));
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("stun_v4.csv"), "0," + nat.port() + "," + Dnsmasq.BOTH + "\n"
                + "127.0.0.1," + plain.port() + "\n");
        Files.writeString(lists.resolve("mqtt_v4.csv"), "0," + mosquitto.anonymousPort() + ",mqtt.test\n");
        Files.writeString(lists.resolve("turn_v4.csv"), "0," + nat.port() + ",turn.test," + nat.user() + ","
                + nat.password() + "\n");
        DealerServer server = closer.keep(DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0)
                .allowPrivate(true).interval(Duration.ofMinutes(10)).spread(Duration.ofMillis(300))
                // a validation that a loaded machine lets time out is tried again within the wait (the interval
                // stays long: the ranking compared below must not move between two reads)
                .importRetry(Duration.ofSeconds(2)).build()));
        LocalWorker.start(closer, "importer", server.url(), DnsResolver.at(dns.resolverV4(), Duration.ofSeconds(2)));
        Http http = new Http(server.url());

        Eventually.until(Duration.ofSeconds(40), () -> "all validated and checked: " + http.json("/api/imports")
                + http.json("/api/targets"), () -> {
            for (JsonNode c : http.json("/api/imports").get("candidates")) {
                if (!c.get("state").asText().equals("validated")) return false;
            }
            for (JsonNode t : http.json("/api/targets").get("targets")) {
                if (!t.get("state").asText().equals("up")) return false;
            }
            return http.json("/api/targets").get("count").asInt() == 10;
        });
        Map<String, Integer> servicesByRow = new HashMap<>();
        for (JsonNode c : http.json("/api/imports").get("candidates")) {
            servicesByRow.put(c.get("source").asText(), c.get("services").size());
        }
        assertEquals(6, servicesByRow.get("stun_v4.csv:1"), "RFC 3489 on two addresses: a group of 4, UDP, TCP");
        assertEquals(2, servicesByRow.get("stun_v4.csv:2"), "no RFC 5780: UDP and TCP map services only");
        assertEquals(1, servicesByRow.get("mqtt_v4.csv:1"));
        assertEquals(1, servicesByRow.get("turn_v4.csv:1"));
        JsonNode aliases = http.json("/api/imports").get("aliases");
        assertEquals(3, aliases.size(), aliases.toString());
        for (JsonNode a : aliases) {
            assertEquals("127.0.0.1", a.get("current").asText(), a.toString());
        }

        JsonNode ranked = http.json("/servers.json");
        String legacy = http.get("/legacy").body();
        assertFalse(legacy.contains(nat.password()), "no TURN password without --publish-credentials");
        String original = http.get("/servers?format=original").body();
        assertTrue(original.contains("\"user\":\"" + nat.user() + "\"") && !original.contains(nat.password()),
                "the original's JSON names the TURN user, not the password: " + original);
        Map<String, Object> settings = PyLiteral.assignments(legacy);
        assertEquals(List.of("STUN_MAP_SERVERS", "STUN_CHANGE_SERVERS", "MQTT_SERVERS", "TURN_SERVERS"),
                List.copyOf(settings.keySet()));
        for (String proto : new String[] {"UDP", "TCP"}) {
            List<String> fromJson = new ArrayList<>();
            for (JsonNode g : ranked.get("STUN(see_ip)").get("IPv4").get(proto)) {
                fromJson.add(g.get(0).get("ip").asText() + ":" + g.get(0).get("port").asInt());
            }
            List<String> fromLegacy = new ArrayList<>();
            for (Object e : list(settings, "STUN_MAP_SERVERS", "<" + proto + ">", "<IP4>")) {
                Map<?, ?> primary = (Map<?, ?>) ((Map<?, ?>) e).get("primary");
                fromLegacy.add(primary.get("ip") + ":" + primary.get("port"));
            }
            assertEquals(fromJson, fromLegacy, proto + " map servers in the same order");
            assertEquals(2, fromLegacy.size());
        }
        List<?> change = list(settings, "STUN_CHANGE_SERVERS", "<UDP>", "<IP4>");
        assertEquals(1, change.size());
        Map<?, ?> group = (Map<?, ?>) change.get(0);
        JsonNode jsonGroup = ranked.get("STUN(test_nat)").get("IPv4").get("UDP").get(0);
        assertEquals(jsonGroup.get(0).get("ip").asText(), ((Map<?, ?>) group.get("primary")).get("ip"));
        assertEquals(jsonGroup.get(3).get("ip").asText(), ((Map<?, ?>) group.get("secondary")).get("ip"));
        assertEquals((long) jsonGroup.get(3).get("port").asInt(), ((Map<?, ?>) group.get("secondary")).get("port"));
        assertEquals(Coturn.ALT_IP, ((Map<?, ?>) group.get("secondary")).get("ip"));
        // each block names its own servers: the original's MQTT and TURN entries carried the last STUN name
        Map<?, ?> mqtt = (Map<?, ?>) ((List<?>) settings.get("MQTT_SERVERS")).get(0);
        assertEquals("mqtt.test", mqtt.get("host"));
        assertEquals((long) mosquitto.anonymousPort(), mqtt.get("port"));
        assertEquals("127.0.0.1", mqtt.get("<IP4>"));
        // P2PD could not use a TURN server whose credentials are not published: not listed (see LegacyIT)
        assertEquals(List.of(), settings.get("TURN_SERVERS"));

        JsonNode best = http.json("/api/best?kind=stun&family=4&transport=udp&limit=1");
        assertEquals(1, best.get("servers").size());
        assertEquals(ranked.get("STUN(see_ip)").get("IPv4").get("UDP").get(0).get(0).get("id").asLong(),
                best.get("servers").get(0).get(0).get("id").asLong(), "the best is the first of the ranking");
        assertEquals(4, http.json("/api/best?kind=stun-change").get("servers").get(0).size());
        assertEquals(400, http.get("/api/best").status());
        assertTrue(http.json("/servers.json").get("STUN(see_ip)").get("IPv4").get("UDP").get(0).get(0)
                .get("fqns").isArray());
        String page = http.get("/imports").body();
        assertTrue(page.contains("validated into 6 services") && page.contains("mqtt.test"), page);
    }

    @SuppressWarnings("unchecked")
    private static List<?> list(Map<String, Object> settings, String name, String proto, String af) {
        Map<Object, Object> byProto = (Map<Object, Object>) settings.get(name);
        return (List<?>) ((Map<Object, Object>) byProto.get(proto)).get(af);
    }
}
