package dogdorm.worker.probe;

import static dogdorm.worker.probe.StunTargets.aTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TurnProbe} against a real coturn with long-term credentials, and an anonymous one. */
class TurnProbeIT extends WithCoturns {
    private final TurnProbe probe = new TurnProbe(Resolver.system());

    private int relayPort(ProbeReport r) {
        String relayed = (String) r.detail().get("relayed_address");
        return Integer.parseInt(relayed.substring(relayed.lastIndexOf(':') + 1));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"127.0.0.1, UDP", "127.0.0.1, TCP", "::1, UDP", "::1, TCP"})
    void right_credentials_allocate_a_relay_of_the_same_family(String ip, Transport transport) throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.TURN).ip(ip).port(coturn.port()).transport(transport)
                .credentials(coturn.user(), coturn.password()).build(), Duration.ofSeconds(3));
        assertTrue(r.up(), () -> r.error() + "\n" + coturn.logTail());
        assertEquals("allocated", r.detail().get("outcome"));
        assertEquals(coturn.realm(), r.detail().get("realm"));
        String prefix = ip.contains(":") ? "[::1]:" : "127.0.0.1:";
        assertTrue(((String) r.detail().get("relayed_address")).startsWith(prefix), r.detail().toString());
        assertTrue(((String) r.detail().get("mapped_address")).startsWith(prefix), r.detail().toString());
        int port = relayPort(r);
        assertTrue(port >= coturn.minRelayPort() && port <= coturn.maxRelayPort(), "relay port " + port);
        assertEquals(600L, r.detail().get("lifetime"));
    }

    @Test
    void without_credentials_a_challenge_means_alive_but_auth_required() throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.TURN).port(coturn.port()).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r.error());
        assertEquals("auth-required", r.detail().get("outcome"));
        assertEquals(coturn.realm(), r.detail().get("realm"));
        assertFalse(r.detail().containsKey("relayed_address"));
    }

    @Test
    void wrong_password_is_down_as_credentials_refused_and_never_shows_the_password() throws Exception {
        String wrong = "not-" + coturn.password();
        ProbeReport r = probe.check(aTarget(Kind.TURN).port(coturn.port()).credentials(coturn.user(), wrong).build(),
                Duration.ofSeconds(2));
        assertFalse(r.up());
        assertTrue(r.error().startsWith("credentials refused"), r.error());
        assertFalse(r.toString().contains(wrong), r.toString());
    }

    @Test
    void anonymous_server_allocates_at_once() throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.TURN).port(anonymous.port()).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), () -> r.error() + "\n" + anonymous.logTail());
        assertEquals("allocated", r.detail().get("outcome"));
        assertFalse(r.detail().containsKey("realm"));
    }

    @Test
    void anonymous_server_ignores_credentials_it_never_asked_for() throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.TURN).port(anonymous.port()).credentials("someone", "whatever")
                .build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r.error());
        assertEquals("allocated", r.detail().get("outcome"));
    }

    @Test
    void permission_for_a_given_peer_is_asked_for_that_peer() throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.TURN).port(coturn.port()).credentials(coturn.user(),
                coturn.password()).option("peer", "127.0.0.2").build(), Duration.ofSeconds(2));
        assertTrue(r.up(), () -> r.error() + "\n" + coturn.logTail());
    }

    @Test
    void peer_of_the_other_family_is_refused_by_the_server() throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.TURN).ip("::1").port(coturn.port()).credentials(coturn.user(),
                coturn.password()).option("peer", "127.0.0.1").build(), Duration.ofSeconds(2));
        assertFalse(r.up());
        assertTrue(r.error().startsWith("CreatePermission for 127.0.0.1 refused: CreatePermission error response 443"),
                r.error());
    }

    @Test
    void allocation_is_freed_when_the_probe_ends() throws Exception {
        // without Refresh(lifetime 0) coturn would keep the relay socket for the whole 600 s lifetime; with it,
        // coturn closes the socket at its next timer tick (about a second later: it does not free it at once)
        ProbeReport r = probe.check(aTarget(Kind.TURN).port(coturn.port()).credentials(coturn.user(),
                coturn.password()).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r.error());
        int port = relayPort(r);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (udpPortBound(port) && System.nanoTime() < until) {
            Thread.sleep(50); // waiting for coturn's own timer, not for a deadline of ours
        }
        assertFalse(udpPortBound(port), "relay port " + port + " still bound 5 s after Refresh(lifetime 0)");
    }

    /** Whether any UDP socket in this network namespace is bound to this port (from /proc/net/udp and udp6). */
    private static boolean udpPortBound(int port) throws Exception {
        String hex = String.format(":%04X", port);
        for (String file : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] cols = line.strip().split("\\s+");
                if (cols.length > 2 && cols[1].endsWith(hex)) {
                    return true;
                }
            }
        }
        return false;
    }
}
