package dogdorm.worker.probe;

import static dogdorm.worker.probe.StunTargets.aTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.Endpoints;
import dogdorm.worker.probe.codec.StunAttribute;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TurnProbeTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private final TurnProbe probe = new TurnProbe(Resolver.system());

    @BeforeAll
    static void warmUp() throws Exception {
        WarmUp.timeoutPaths();
    }

    private ProbeReport check(FakeStunServer s, Transport t, String user, String password) {
        return check(s, t, user, password, TIMEOUT);
    }

    private ProbeReport check(FakeStunServer s, Transport t, String user, String password, Duration timeout) {
        return probe.check(aTarget(Kind.TURN).ip(s.address().getAddress().getHostAddress()).port(s.port())
                .transport(t).credentials(user, password).build(), timeout);
    }

    private ProbeReport check(FakeStunServer s) {
        return check(s, Transport.UDP, FakeTurn.USER, FakeTurn.PASSWORD);
    }

    private static String steps(FakeStunServer s) {
        StringBuilder b = new StringBuilder();
        for (StunMessage m : s.requests()) {
            b.append(b.isEmpty() ? "" : ", ").append(StunMethod.name(m.method()));
            m.text(AttributeType.NONCE).ifPresent(n -> b.append('(').append(n.text()).append(')'));
            m.lifetime().ifPresent(l -> b.append("(lifetime ").append(l).append(')'));
        }
        return b.toString();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void allocation_with_right_credentials_is_permitted_then_freed(Transport t) throws Exception {
        FakeTurn turn = new FakeTurn(false);
        try (FakeStunServer s = t == Transport.UDP ? FakeStunServer.udp("127.0.0.1", turn)
                : FakeStunServer.tcp("127.0.0.1", turn)) {
            ProbeReport r = check(s, t, FakeTurn.USER, FakeTurn.PASSWORD);
            assertTrue(r.up(), r.error());
            assertEquals("allocated", r.detail().get("outcome"));
            assertEquals("127.0.0.1:49152", r.detail().get("relayed_address"));
            assertEquals(600L, r.detail().get("lifetime"));
            assertEquals(FakeTurn.REALM, r.detail().get("realm"));
            assertEquals("Allocate, Allocate(nonce-1), CreatePermission(nonce-1), Refresh(nonce-1)(lifetime 0)", steps(s));
            StunMessage permission = s.requests().get(2);
            assertEquals(r.detail().get("mapped_address"), Endpoints.text(
                    permission.address(AttributeType.XOR_PEER_ADDRESS).orElseThrow()),
                    "without option peer, the permission is for our own reflexive address");
            assertEquals(new StunAttribute.RequestedTransport(17),
                    s.requests().get(0).attribute(AttributeType.REQUESTED_TRANSPORT).orElseThrow());
        }
    }

    @Test
    void stale_nonce_is_retried_once_with_the_new_nonce() throws Exception {
        FakeTurn turn = new FakeTurn(false);
        turn.staleAnswers = 1;
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", turn)) {
            ProbeReport r = check(s);
            assertTrue(r.up(), r.error());
            assertEquals("Allocate, Allocate(nonce-1), Allocate(nonce-2), CreatePermission(nonce-2), "
                    + "Refresh(nonce-2)(lifetime 0)", steps(s));
        }
    }

    @Test
    void stale_nonce_twice_in_a_row_is_down() throws Exception {
        FakeTurn turn = new FakeTurn(false);
        turn.staleAnswers = 2;
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", turn)) {
            ProbeReport r = check(s);
            assertFalse(r.up());
            assertEquals("Allocate answered 438 Stale Nonce again after a retry with the new nonce", r.error());
        }
    }

    @Test
    void without_credentials_a_challenge_is_up_as_auth_required_after_one_request() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(false))) {
            ProbeReport r = check(s, Transport.UDP, null, null);
            assertTrue(r.up(), r.error());
            assertEquals("auth-required", r.detail().get("outcome"));
            assertEquals(FakeTurn.REALM, r.detail().get("realm"));
            assertEquals("Allocate", steps(s));
        }
    }

    @Test
    void wrong_password_is_down_as_credentials_refused_and_the_password_shows_nowhere() throws Exception {
        String wrong = "wrong-horse-battery";
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(false))) {
            ProbeReport r = check(s, Transport.UDP, FakeTurn.USER, wrong);
            assertFalse(r.up());
            assertEquals("credentials refused: Allocate answered Allocate error response 401 Unauthorized", r.error());
            assertEquals(FakeTurn.REALM, r.detail().get("realm"));
            assertFalse(r.toString().contains(wrong), r.toString());
            for (StunMessage m : s.requests()) {
                assertFalse(new String(m.bytes(), StandardCharsets.ISO_8859_1).contains(wrong),
                        "the password itself went over the wire");
            }
        }
    }

    @Test
    void challenge_without_realm_and_nonce_is_down() throws Exception {
        FakeTurn turn = new FakeTurn(false);
        turn.bareChallenge = true;
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", turn)) {
            ProbeReport r = check(s);
            assertFalse(r.up());
            assertEquals("Allocate answered 401 without REALM and NONCE", r.error());
        }
    }

    @Test
    void refused_permission_is_down_and_the_allocation_is_still_freed() throws Exception {
        FakeTurn turn = new FakeTurn(false);
        turn.permissionError = 403;
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", turn)) {
            ProbeReport r = check(s);
            assertFalse(r.up());
            assertEquals("CreatePermission for 127.0.0.1 refused: CreatePermission error response 403 Forbidden",
                    r.error());
            assertTrue(steps(s).endsWith("CreatePermission(nonce-1), Refresh(nonce-1)(lifetime 0)"), steps(s));
        }
    }

    @Test
    void success_signed_with_another_key_is_down() throws Exception {
        FakeTurn turn = new FakeTurn(false);
        turn.forgeIntegrity = true;
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", turn)) {
            ProbeReport r = check(s);
            assertFalse(r.up());
            assertEquals("the Allocate success response failed its MESSAGE-INTEGRITY check under our key", r.error());
        }
    }

    @Test
    void peer_option_is_the_address_the_permission_is_asked_for() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(true))) {
            ProbeReport r = probe.check(aTarget(Kind.TURN).port(s.port()).option("peer", "192.0.2.44").build(), TIMEOUT);
            assertTrue(r.up(), r.error());
            assertEquals("192.0.2.44", s.requests().get(1).address(AttributeType.XOR_PEER_ADDRESS).orElseThrow()
                    .getAddress().getHostAddress());
        }
    }

    @Test
    void a_public_only_target_asks_no_permission_for_a_peer_the_policy_refuses() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(true))) {
            ProbeReport named = probe.check(aTarget(Kind.TURN).port(s.port()).option("peer", "10.1.2.3").publicOnly()
                    .build(), TIMEOUT);
            assertFalse(named.up());
            assertEquals("peer 10.1.2.3 is a private address: refused by the public-server policy, no permission "
                    + "asked", named.error());
            assertTrue(s.requests().stream().noneMatch(m -> m.address(AttributeType.XOR_PEER_ADDRESS).isPresent()),
                    "no CreatePermission was sent");
        }
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(true))) {
            // without option peer the peer is our reflexive address as the server reports it: here 127.0.0.1
            ProbeReport mapped = probe.check(aTarget(Kind.TURN).port(s.port()).publicOnly().build(), TIMEOUT);
            assertFalse(mapped.up());
            assertEquals("peer 127.0.0.1 is a loopback address: refused by the public-server policy, no permission "
                    + "asked", mapped.error());
        }
    }

    @Test
    void peer_option_that_is_not_an_ip_is_down_before_anything_is_sent() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(true))) {
            ProbeReport r = probe.check(aTarget(Kind.TURN).port(s.port()).option("peer", "peer.example").build(), TIMEOUT);
            assertFalse(r.up());
            assertEquals("option peer: 'peer.example' is not an IP address", r.error());
            assertEquals(0, s.received());
        }
    }

    @Test
    void anonymous_server_is_allocated_without_any_credential_attribute() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(true))) {
            ProbeReport r = check(s, Transport.UDP, null, null);
            assertTrue(r.up(), r.error());
            assertEquals("allocated", r.detail().get("outcome"));
            assertEquals("Allocate, CreatePermission, Refresh(lifetime 0)", steps(s));
            assertTrue(s.requests().stream().noneMatch(StunMessage::hasIntegrity));
        }
    }

    @Test
    void over_ipv6_an_ipv6_relay_is_asked_for() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("::1", new FakeTurn(false))) {
            ProbeReport r = check(s);
            assertTrue(r.up(), r.error());
            assertEquals(new StunAttribute.RequestedAddressFamily(6),
                    s.requests().get(1).attribute(AttributeType.REQUESTED_ADDRESS_FAMILY).orElseThrow());
            assertTrue(((String) r.detail().get("relayed_address")).startsWith("[::1]:"), r.detail().toString());
        }
    }

    @Test
    void over_ipv4_no_address_family_is_asked_for() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", new FakeTurn(true))) {
            assertTrue(check(s).up());
            assertTrue(s.requests().get(0).attribute(AttributeType.REQUESTED_ADDRESS_FAMILY).isEmpty());
        }
    }

    @Test
    void server_not_knowing_requested_address_family_is_asked_again_without_it() throws Exception {
        FakeTurn turn = new FakeTurn(true);
        turn.refuseAddressFamily = true;
        try (FakeStunServer s = FakeStunServer.udp("::1", turn)) {
            ProbeReport r = check(s);
            assertTrue(r.up(), r.error());
            assertEquals("Allocate, Allocate, CreatePermission, Refresh(lifetime 0)", steps(s));
            assertTrue(s.requests().get(1).attribute(AttributeType.REQUESTED_ADDRESS_FAMILY).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void silent_server_is_down_within_the_timeout(Transport t) throws Exception {
        try (FakeStunServer s = t == Transport.UDP ? FakeStunServer.udp("127.0.0.1", r -> List.of())
                : FakeStunServer.tcp("127.0.0.1", r -> List.of())) {
            long start = System.nanoTime();
            ProbeReport r = check(s, t, FakeTurn.USER, FakeTurn.PASSWORD, Deadlines.SILENT);
            Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
            assertFalse(r.up());
            assertTrue(r.error().startsWith("no answer from 127.0.0.1:" + s.port()), r.error());
        }
    }
}
