package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MqttProbeTest {
    static final byte[] CONNACK_NOT_AUTHORIZED = {0x20, 0x02, 0x00, 0x05};
    static final byte[] CONNACK_BAD_CREDENTIALS = {0x20, 0x02, 0x00, 0x04};

    final MqttProbe probe = new MqttProbe(Resolver.system());

    @Test
    void closed_port_is_down_as_connection_refused() throws Exception {
        int port = TinyServers.closedPort("127.0.0.1");
        ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(port).build(), Duration.ofSeconds(2));
        assertFalse(r.up());
        assertEquals("connection refused", r.error());
    }

    @Test
    void silent_server_is_down_within_the_timeout() throws Exception {
        try (var server = TinyServers.Tcp.silent("127.0.0.1")) {
            for (String version : List.of("3.1.1", "5")) {
                long start = System.nanoTime();
                ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(server.port())
                        .option("version", version).build(), Deadlines.SILENT);
                Deadlines.assertWithinTwentyPercent(start, 1400, Deadlines.SILENT); // keeps some for cleanup
                assertFalse(r.up());
                assertEquals("no CONNACK within the timeout", r.error());
            }
        }
    }

    @Test
    void garbage_instead_of_a_connack_is_down() throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (var server = TinyServers.Tcp.replying("127.0.0.1", http)) {
            for (String version : List.of("3.1.1", "5")) {
                ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(server.port())
                        .option("version", version).build(), Duration.ofSeconds(2));
                assertFalse(r.up());
                assertTrue(r.error().contains("CONNACK"), r.error());
            }
        }
    }

    @Test
    void truncated_connack_is_down_at_the_timeout() throws Exception {
        try (var server = TinyServers.Tcp.replying("127.0.0.1", new byte[] {0x20, 0x02, 0x00})) {
            long start = System.nanoTime();
            ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(server.port()).build(),
                    Duration.ofMillis(800));
            Deadlines.assertGaveUpWithin(start, 0, Duration.ofMillis(800));
            assertFalse(r.up());
            assertEquals("no valid CONNACK within the timeout", r.error());
        }
    }

    @Test
    void refused_connack_is_down_with_its_reason_and_code() throws Exception {
        try (var server = TinyServers.Tcp.replying("127.0.0.1", CONNACK_BAD_CREDENTIALS)) {
            ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(server.port()).build(),
                    Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("bad user name or password (4)", r.error());
            assertEquals(4, r.detail().get("return_code"));
            assertEquals("3.1.1", r.detail().get("protocol_version"));
        }
    }

    @Test
    void broker_without_mqtt_5_is_down_as_unacceptable_protocol_version() throws Exception {
        // a 3.1.1-only broker answers an MQTT 5 CONNECT with the 3.1.1 CONNACK for code 1
        try (var server = TinyServers.Tcp.replying("127.0.0.1", new byte[] {0x20, 0x02, 0x00, 0x01})) {
            ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(server.port())
                    .option("version", "5").build(), Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("unacceptable protocol version (1)", r.error());
        }
    }

    @Test
    void ipv6_target_is_down_when_the_server_listens_only_on_ipv4() throws Exception {
        try (var server = TinyServers.Tcp.replying("127.0.0.1", CONNACK_NOT_AUTHORIZED)) {
            ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("::1").port(server.port()).build(),
                    Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("connection refused", r.error());
            assertEquals(0, server.accepted());
        }
    }

    @Test
    void host_name_is_resolved_through_the_injected_resolver() throws Exception {
        List<String> asked = new ArrayList<>();
        Resolver resolver = (host, family) -> {
            asked.add(host + "/" + family);
            if (host.equals("broker.test")) {
                return InetAddress.getByName("127.0.0.1");
            }
            throw new UnknownHostException(host + ": no such name");
        };
        MqttProbe viaResolver = new MqttProbe(resolver);
        try (var server = TinyServers.Tcp.replying("127.0.0.1", CONNACK_NOT_AUTHORIZED)) {
            ProbeReport r = viaResolver.check(Targets.a(Kind.MQTT).host("broker.test").family(4)
                    .port(server.port()).build(), Duration.ofSeconds(2));
            assertEquals("not authorized (5)", r.error());
            assertEquals(1, server.accepted());
        }
        ProbeReport missing = viaResolver.check(Targets.a(Kind.MQTT).host("gone.test").family(4).port(1883)
                .build(), Duration.ofSeconds(2));
        assertEquals("cannot resolve: gone.test: no such name", missing.error());
        assertEquals(List.of("broker.test/4", "gone.test/4"), asked);
    }

    @Test
    void password_never_appears_in_the_report() throws Exception {
        String password = "s3cret-" + MqttProbe.randomHex(6);
        try (var server = TinyServers.Tcp.replying("127.0.0.1", CONNACK_BAD_CREDENTIALS)) {
            for (String version : List.of("3.1.1", "5")) {
                ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(server.port())
                        .credentials("someone", password).option("version", version).build(),
                        Duration.ofSeconds(2));
                assertFalse(r.up());
                assertFalse(r.toString().contains(password), r.toString());
            }
        }
    }

    @Test
    void unknown_version_option_is_down_before_connecting() throws Exception {
        ProbeReport r = probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(1883).option("version", "7").build(),
                Duration.ofSeconds(1));
        assertFalse(r.up());
        assertEquals("unknown MQTT version '7': expected 3.1.1 or 5", r.error());
    }

    @Test
    void hundreds_of_failed_checks_leak_no_sockets_or_threads() throws Exception {
        int closed = TinyServers.closedPort("127.0.0.1");
        Leaks.assertNoGrowth(200, () -> probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(closed)
                .option("version", "5").build(), Duration.ofMillis(500)));
        Leaks.assertNoGrowth(200, () -> probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(closed).build(),
                Duration.ofMillis(500)));
        try (var silent = TinyServers.Tcp.silent("127.0.0.1")) {
            Leaks.assertNoGrowth(12, () -> probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(silent.port())
                    .build(), Duration.ofMillis(400)));
            Leaks.assertNoGrowth(12, () -> probe.check(Targets.a(Kind.MQTT).ip("127.0.0.1").port(silent.port())
                    .option("version", "5").build(), Duration.ofMillis(400)));
        }
    }
}
