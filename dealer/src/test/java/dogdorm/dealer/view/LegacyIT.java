package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.testkit.Closer;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.LocalWorker;
import dogdorm.dealer.testkit.PyLiteral;
import dogdorm.worker.peers.Coturn;
import dogdorm.worker.peers.Dnsmasq;
import dogdorm.worker.peers.Mosquitto;
import dogdorm.worker.probe.DnsResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /legacy} as P2PD uses it, against real coturn (RFC 3489 on 127.0.0.1 and 127.0.0.2, and an anonymous one),
 * mosquitto and dnsmasq: only what works now, each entry under its own row's host name, RFC 3489 servers from
 * {@code stun} and {@code stun-change} rows as one, and P2PD's own indexing expressions run by Python over the text.
 */
class LegacyIT {
    @TempDir
    Path dir;
    @AutoClose
    final Closer closer = new Closer();
    private final ObjectMapper json = Json.newMapper();

    @Test
    void legacy_lists_what_works_under_its_own_names_and_p2pd_can_index_it() throws Exception {
        Coturn nat = closer.keep(Coturn.withAuth());
        Coturn plain = closer.keep(Coturn.anonymous());
        Mosquitto mosquitto = closer.keep(Mosquitto.start());
        Dnsmasq dns = closer.keep(Dnsmasq.start("address=/stun.rc.test/127.0.0.1", "address=/mqtt.rc.test/127.0.0.1",
                "address=/turn.rc.test/127.0.0.1", "address=/turn2.rc.test/127.0.0.1"));
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("stun_v4.csv"), "0," + nat.port() + ",stun.rc.test\n"
                + "127.0.0.1," + plain.port() + "\n");
        // the same RFC 3489 server listed as its own stun-change row too: one group
        Files.writeString(lists.resolve("stun-change_v4.csv"), "127.0.0.1," + nat.port() + "\n");
        Files.writeString(lists.resolve("mqtt_v4.csv"), "0," + mosquitto.anonymousPort() + ",mqtt.rc.test\n"
                + "127.0.0.1," + mosquitto.passwordPort() + ",0," + mosquitto.user() + "," + mosquitto.password()
                + "\n");
        Files.writeString(lists.resolve("turn_v4.csv"), "0," + nat.port() + ",turn.rc.test," + nat.user() + ","
                + nat.password() + "\n"
                + "0," + plain.port() + ",turn2.rc.test\n"
                + "127.0.0.1," + nat.port() + "\n"); // no credentials for a server that needs them
        DealerServer server = closer.keep(DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0)
                .allowPrivate(true).publishCredentials(true).interval(Duration.ofSeconds(2))
                .spread(Duration.ofMillis(300)).importRetry(Duration.ofSeconds(2)).listScan(Duration.ofMillis(200))
                .build()));
        LocalWorker.start(closer, "legacy", server.url(), DnsResolver.at(dns.resolverV4(), Duration.ofSeconds(2)));
        Http http = new Http(server.url());

        // stun: 2 rows x (UDP, TCP); stun-change: 1; mqtt: 2; turn: 3
        Eventually.until(Duration.ofSeconds(60), () -> "all validated and up: " + http.json("/api/imports")
                + http.json("/api/targets"), () -> {
            for (JsonNode c : http.json("/api/imports").get("candidates")) {
                if (!c.get("state").asText().equals("validated")) return false;
            }
            JsonNode targets = http.json("/api/targets");
            for (JsonNode t : targets.get("targets")) {
                if (!t.get("state").asText().equals("up")) return false;
            }
            return targets.get("count").asInt() == 10;
        });
        String stunRow = "";
        for (JsonNode c : http.json("/api/imports").get("candidates")) {
            if (c.get("source").asText().equals("stun_v4.csv:1")) stunRow = c.toString();
        }
        assertTrue(stunRow.contains("RFC 3489 group left to another row: 127.0.0.1:" + nat.port()
                + " is monitored as stun-change_v4.csv:1"), stunRow);

        Map<String, Object> s = PyLiteral.assignments(http.get("/legacy").body());
        List<String> udpMap = new ArrayList<>();
        for (Object e : list(s, "STUN_MAP_SERVERS", "UDP", "IP4")) {
            Map<?, ?> m = (Map<?, ?>) e;
            udpMap.add(m.get("host") + "@" + ((Map<?, ?>) m.get("primary")).get("port"));
        }
        assertEquals(List.of("null@" + plain.port(), "stun.rc.test@" + nat.port()), udpMap.stream().sorted().toList(),
                "each map server under its own row's name, the unnamed one under None");
        assertEquals(2, list(s, "STUN_MAP_SERVERS", "TCP", "IP4").size());
        List<?> change = list(s, "STUN_CHANGE_SERVERS", "UDP", "IP4");
        assertEquals(1, change.size(), "the server listed both ways is one group: " + change);
        Map<?, ?> group = (Map<?, ?>) change.get(0);
        assertEquals(Map.of("ip", "127.0.0.1", "port", (long) nat.port()), group.get("primary"));
        assertEquals(Map.of("ip", Coturn.ALT_IP, "port", (long) nat.altPort()), group.get("secondary"),
                "the alternate address the stun-change row's check learned");
        List<?> mqtt = (List<?>) s.get("MQTT_SERVERS");
        assertEquals(1, mqtt.size(), "the broker that refuses anonymous logins is left out: " + mqtt);
        assertEquals("mqtt.rc.test", ((Map<?, ?>) mqtt.get(0)).get("host"));
        List<?> turn = (List<?>) s.get("TURN_SERVERS");
        assertEquals(2, turn.size(), "not the server that only answered 'auth required': " + turn);
        Map<?, ?> authed = (Map<?, ?>) turn.stream().filter(t -> "turn.rc.test".equals(((Map<?, ?>) t).get("host")))
                .findFirst().orElseThrow(() -> new AssertionError(turn.toString()));
        assertEquals(nat.user(), authed.get("user"));
        assertEquals(nat.password(), authed.get("pass"));
        assertEquals(nat.realm(), authed.get("realm"), "the realm the check learned");
        assertEquals("127.0.0.1", authed.get("<IP4>"));
        Map<?, ?> open = (Map<?, ?>) turn.stream().filter(t -> "turn2.rc.test".equals(((Map<?, ?>) t).get("host")))
                .findFirst().orElseThrow(() -> new AssertionError(turn.toString()));
        assertEquals(null, open.get("user"));

        String p2pd = p2pd(http.get("/legacy").body());
        assertEquals("map 2 2 change 1 mqtt 1 turn 2", p2pd.strip());

        // limits and families
        Map<String, Object> one = PyLiteral.assignments(http.get("/legacy?limit=1").body());
        assertEquals(1, list(one, "STUN_MAP_SERVERS", "UDP", "IP4").size());
        assertEquals(1, ((List<?>) one.get("TURN_SERVERS")).size());
        Map<String, Object> v6 = PyLiteral.assignments(http.get("/legacy?family=6").body());
        assertEquals(0, list(v6, "STUN_MAP_SERVERS", "UDP", "IP4").size());
        assertEquals(List.of(), v6.get("TURN_SERVERS"));
        assertEquals(400, http.get("/legacy?family=5").status());
        assertEquals(400, http.get("/legacy?limit=0").status());

        // the stun-change row goes: the stun row is validated again and its group of four takes the place
        Files.delete(lists.resolve("stun-change_v4.csv"));
        Eventually.until(Duration.ofSeconds(60), () -> "the stun row's own group: " + http.get("/legacy").body(),
                () -> {
                    List<?> c = list(PyLiteral.assignments(http.get("/legacy").body()), "STUN_CHANGE_SERVERS", "UDP",
                            "IP4");
                    return c.size() == 1 && "stun.rc.test".equals(((Map<?, ?>) c.get(0)).get("host"));
                });

        // the original's JSON: every type x family x proto, its field names and types, MQTT under UDP, RFC 3489
        // groups of four only; a browser still gets the page
        JsonNode original = http.json("/servers?format=original");
        assertEquals(json.readTree(http.get("/servers", "application/json").body()).get("STUN(see_ip)"),
                original.get("STUN(see_ip)"));
        assertTrue(http.get("/servers", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").body()
                .startsWith("<!doctype html>"));
        assertEquals(400, http.get("/servers?format=xml").status());
        List<String> keys = new ArrayList<>();
        original.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("STUN(see_ip)", "STUN(test_nat)", "MQTT", "TURN", "NTP", "timestamp"), keys);
        for (String type : List.of("STUN(see_ip)", "STUN(test_nat)", "MQTT", "TURN", "NTP")) {
            for (String af : List.of("IPv4", "IPv6")) {
                for (String proto : List.of("UDP", "TCP")) {
                    assertTrue(original.get(type).get(af).get(proto).isArray(), type + " " + af + " " + proto);
                }
            }
        }
        assertEquals(2, original.get("MQTT").get("IPv4").get("UDP").size(), "both brokers, filed under UDP");
        assertEquals(0, original.get("MQTT").get("IPv4").get("TCP").size());
        JsonNode nat4 = original.get("STUN(test_nat)").get("IPv4").get("UDP");
        assertEquals(1, nat4.size(), nat4.toString());
        assertEquals(4, nat4.get(0).size());
        JsonNode record = nat4.get(0).get(0);
        List<String> fields = new ArrayList<>();
        record.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "table_type", "type", "af", "proto", "ip", "port", "user", "password", "alias_id",
                "status_id", "group_id", "score", "test_no", "failed_tests", "uptime", "max_uptime", "last_success",
                "fqns"), fields);
        assertEquals(4, record.get("type").asInt());
        assertEquals(2, record.get("af").asInt());
        assertEquals(2, record.get("proto").asInt());
        assertEquals(14, record.get("table_type").asInt());
        assertTrue(record.get("last_success").isIntegralNumber() && record.get("last_success").asLong() > 1.7e9,
                record.toString());
        assertTrue(record.get("score").isFloatingPointNumber() && record.get("test_no").isIntegralNumber());
        for (JsonNode member : nat4.get(0)) {
            assertEquals(record.get("group_id"), member.get("group_id"));
        }
        JsonNode turn4 = original.get("TURN").get("IPv4").get("UDP");
        assertTrue(turn4.toString().contains(nat.password()), "published with --publish-credentials");

        // every server stops: nothing is listed
        nat.close();
        plain.close();
        mosquitto.close();
        Eventually.until(Duration.ofSeconds(60), () -> "all down: " + http.get("/legacy").body(), () -> {
            String p = p2pd(http.get("/legacy").body()).strip();
            return p.equals("map 0 0 change 0 mqtt 0 turn 0");
        });
    }

    @SuppressWarnings("unchecked")
    private static List<?> list(Map<String, Object> settings, String name, String proto, String af) {
        Map<Object, Object> byProto = (Map<Object, Object>) settings.get(name);
        return (List<?>) ((Map<Object, Object>) byProto.get("<" + proto + ">")).get("<" + af + ">");
    }

    /**
     * Runs P2PD's indexing of its settings over {@code text} in Python: the names P2PD's settings module has in
     * scope, the text executed as its settings, then the expressions P2PD's code uses to pick servers.
     */
    private static String p2pd(String text) {
        try {
            Path settings = Files.createTempFile("legacy", ".py");
            Files.writeString(settings, text);
            Process p = new ProcessBuilder("python3", "-c", P2PD_INDEXING, settings.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python3 hung");
            Files.delete(settings);
            assertEquals(0, p.exitValue(), out);
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final String P2PD_INDEXING = """
            import socket, sys
            UDP, TCP = socket.SOCK_DGRAM, socket.SOCK_STREAM
            IP4, IP6 = socket.AF_INET, socket.AF_INET6
            ns = {"UDP": UDP, "TCP": TCP, "IP4": IP4, "IP6": IP6}
            exec(open(sys.argv[1]).read(), ns)
            MAP, CHANGE = ns["STUN_MAP_SERVERS"], ns["STUN_CHANGE_SERVERS"]
            MQTT, TURN = ns["MQTT_SERVERS"], ns["TURN_SERVERS"]
            # protocol/stun/stun_client.py: STUN_CHANGE_SERVERS[proto][af] or STUN_MAP_SERVERS[proto][af], then
            # serv_info["primary"]["ip"], serv_info["primary"]["port"], mode=serv_info["mode"]
            for af in (IP4, IP6):
                for proto in (UDP, TCP):
                    for serv_info in MAP[proto][af] + CHANGE[proto][af]:
                        (serv_info["primary"]["ip"], serv_info["primary"]["port"], serv_info["mode"])
                # nic/nat/nat_test.py: STUN_CHANGE_SERVERS[UDP][pipe.route.af], both addresses of each server
                for s in CHANGE[UDP][af]:
                    assert s["secondary"]["ip"] is not None and s["secondary"]["port"] is not None, s
            # node/p2p_pipe.py: range(0, len(TURN_SERVERS)); node/p2p_utils.py get_turn_client: TURN_SERVERS[serv_id],
            # turn_server[af] is None -> unsupported, then host, port, auth=(user, pass), realm=realm
            for serv_id in range(0, len(TURN)):
                turn_server = TURN[serv_id]
                for af in turn_server["afs"]:
                    assert turn_server[af] is not None, turn_server
                (turn_server["host"], turn_server["port"], (turn_server["user"], turn_server["pass"]),
                 turn_server["realm"])
                assert (turn_server["user"] is None) == (turn_server["pass"] is None), turn_server
            # node/p2p_node_extra.py and node/p2p_utils.py: MQTT_SERVERS[offset], then server[af], server["port"]
            for offset in range(0, len(MQTT)):
                server = MQTT[offset]
                assert server[IP4] is not None or server[IP6] is not None, server
                (server[IP4], server[IP6], server["port"], server["host"])
            print("map", len(MAP[UDP][IP4]), len(MAP[TCP][IP4]), "change", len(CHANGE[UDP][IP4]), "mqtt", len(MQTT),
                  "turn", len(TURN))
            """;
}
