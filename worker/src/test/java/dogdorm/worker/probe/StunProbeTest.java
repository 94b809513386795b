package dogdorm.worker.probe;

import static dogdorm.worker.probe.FakeStunServer.bareSuccess;
import static dogdorm.worker.probe.FakeStunServer.error;
import static dogdorm.worker.probe.FakeStunServer.success;
import static dogdorm.worker.probe.StunTargets.aTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunAttribute;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import dogdorm.worker.probe.codec.TransactionId;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StunProbeTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private final StunProbe probe = new StunProbe(Resolver.system());

    @BeforeAll
    static void warmUp() throws Exception {
        WarmUp.timeoutPaths();
    }

    private static FakeStunServer server(Transport t, FakeStunServer.Script script) throws Exception {
        return t == Transport.UDP ? FakeStunServer.udp("127.0.0.1", script) : FakeStunServer.tcp("127.0.0.1", script);
    }

    private ProbeReport check(Transport t, int port) throws Exception {
        return check(t, port, TIMEOUT);
    }

    private ProbeReport check(Transport t, int port, Duration timeout) throws Exception {
        return probe.check(aTarget(Kind.STUN).port(port).transport(t).timeoutMs((int) timeout.toMillis()).build(),
                timeout);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void success_with_xor_mapped_address_is_up_with_the_details_the_server_gave(Transport t) throws Exception {
        try (FakeStunServer s = server(t, r -> List.of(success(r,
                new StunAttribute.Address(AttributeType.OTHER_ADDRESS, new InetSocketAddress("192.0.2.9", 3479)),
                new StunAttribute.Address(AttributeType.RESPONSE_ORIGIN, r.from()),
                StunAttribute.Text.of(AttributeType.SOFTWARE, "fake\u0000\u0000 1.0\n"))))) {
            ProbeReport r = check(t, s.port());
            assertTrue(r.up(), r.error());
            String mapped = (String) r.detail().get("mapped_address");
            assertTrue(mapped.startsWith("127.0.0.1:"), mapped);
            assertEquals("192.0.2.9:3479", r.detail().get("other_address"));
            assertEquals(mapped, r.detail().get("response_origin"));
            assertEquals("fake 1.0", r.detail().get("software"));
            assertTrue(r.latencyMs() > 0 && r.latencyMs() < TIMEOUT.toMillis(), "latency " + r.latencyMs());
        }
    }

    @Test
    void old_server_answering_only_mapped_address_is_up() throws Exception {
        try (FakeStunServer s = server(Transport.UDP, r -> List.of(bareSuccess(r,
                new StunAttribute.Address(AttributeType.MAPPED_ADDRESS, r.from()),
                new StunAttribute.Address(AttributeType.CHANGED_ADDRESS, new InetSocketAddress("192.0.2.10", 3479)))))) {
            ProbeReport r = check(Transport.UDP, s.port());
            assertTrue(r.up(), r.error());
            assertEquals("192.0.2.10:3479", r.detail().get("changed_address"));
        }
    }

    @Test
    void error_response_is_down_naming_the_code_and_reason() throws Exception {
        try (FakeStunServer s = server(Transport.UDP, r -> List.of(error(r, 500, "Server Error\u0000")))) {
            ProbeReport r = check(Transport.UDP, s.port());
            assertFalse(r.up());
            assertEquals("server answered Binding error response 500 Server Error", r.error());
        }
    }

    @Test
    void success_without_a_mapped_address_is_down() throws Exception {
        try (FakeStunServer s = server(Transport.UDP, r -> List.of(bareSuccess(r)))) {
            ProbeReport r = check(Transport.UDP, s.port());
            assertFalse(r.up());
            assertEquals("success response without XOR-MAPPED-ADDRESS or MAPPED-ADDRESS", r.error());
        }
    }

    @Test
    void wrong_transaction_id_then_the_right_one_is_up() throws Exception {
        try (FakeStunServer s = server(Transport.UDP, r -> List.of(StunMessage.builder(StunMethod.BINDING,
                MessageClass.SUCCESS_RESPONSE, TransactionId.random()).build().bytes(), success(r)))) {
            assertTrue(check(Transport.UDP, s.port()).up());
        }
    }

    @Test
    void garbage_only_is_down_within_the_timeout_naming_the_garbage() throws Exception {
        try (FakeStunServer s = server(Transport.UDP, r -> List.of("\r\n\r\n".getBytes()))) {
            long start = System.nanoTime();
            ProbeReport r = check(Transport.UDP, s.port());
            Deadlines.assertGaveUpAt(start, TIMEOUT);
            assertFalse(r.up());
            assertTrue(r.error().contains("ignored 4 messages, last: garbage from 127.0.0.1:" + s.port()
                    + " (truncated: 4 bytes"), r.error());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void silent_server_is_down_within_the_timeout(Transport t) throws Exception {
        try (FakeStunServer s = server(t, r -> List.of())) {
            long start = System.nanoTime();
            ProbeReport r = check(t, s.port(), Deadlines.SILENT);
            Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
            assertFalse(r.up());
            assertTrue(r.error().startsWith("no answer from 127.0.0.1:" + s.port()), r.error());
        }
    }

    @Test
    void closed_udp_port_is_down_within_the_timeout() throws Exception {
        int port;
        try (DatagramSocket d = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = d.getLocalPort();
        }
        long start = System.nanoTime();
        ProbeReport r = check(Transport.UDP, port);
        Deadlines.assertGaveUpAt(start, TIMEOUT);
        assertFalse(r.up());
    }

    @Test
    void closed_tcp_port_is_down_as_connection_refused() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        ProbeReport r = check(Transport.TCP, port);
        assertFalse(r.up());
        assertEquals("connection refused", r.error());
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void ipv6_target_is_down_when_the_server_listens_only_on_ipv4(Transport t) throws Exception {
        try (FakeStunServer s = server(t, r -> List.of(success(r)))) {
            long start = System.nanoTime();
            ProbeReport r = probe.check(aTarget(Kind.STUN).ip("::1").port(s.port()).transport(t).build(), TIMEOUT);
            Deadlines.assertNotAfter(start, TIMEOUT);
            assertFalse(r.up());
            assertEquals(t == Transport.TCP ? "connection refused" : "no answer from [::1]:" + s.port(),
                    t == Transport.TCP ? r.error() : r.error().substring(0, r.error().indexOf(" within")));
            assertEquals(0, s.received());
        }
    }

    @Test
    void host_name_is_resolved_through_the_injected_resolver() throws Exception {
        try (FakeStunServer s = server(Transport.UDP, r -> List.of(success(r)))) {
            Resolver fake = (host, family) -> {
                assertEquals("stun.example.test", host);
                assertEquals(4, family);
                return InetAddress.getByName("127.0.0.1");
            };
            ProbeReport r = new StunProbe(fake).check(aTarget(Kind.STUN).host("stun.example.test", 4).port(s.port())
                    .build(), TIMEOUT);
            assertTrue(r.up(), r.error());
        }
    }

    @Test
    void standard_probes_include_stun_stun_change_and_turn() {
        Probes probes = Probes.standard(Resolver.system());
        assertTrue(probes.get(Kind.STUN) instanceof StunProbe);
        assertTrue(probes.get(Kind.STUN_CHANGE) instanceof StunChangeProbe);
        assertTrue(probes.get(Kind.TURN) instanceof TurnProbe);
    }

    @Test
    void host_name_that_does_not_resolve_is_down_without_sending_anything() throws Exception {
        Resolver none = (host, family) -> {
            throw new UnknownHostException(host + " has no IPv" + family + " address");
        };
        ProbeReport r = new StunProbe(none).check(aTarget(Kind.STUN).host("nowhere.test", 6).build(), TIMEOUT);
        assertFalse(r.up());
        assertEquals("cannot resolve: nowhere.test has no IPv6 address", r.error());
    }
}
