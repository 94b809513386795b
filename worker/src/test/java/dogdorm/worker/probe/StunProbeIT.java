package dogdorm.worker.probe;

import static dogdorm.worker.probe.StunTargets.aTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link StunProbe} against a real coturn. */
class StunProbeIT extends WithCoturns {
    private final StunProbe probe = new StunProbe(Resolver.system());

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"127.0.0.1, UDP", "127.0.0.1, TCP", "::1, UDP", "::1, TCP"})
    void binding_is_answered_with_our_own_address(String ip, Transport transport) throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.STUN).ip(ip).port(coturn.port()).transport(transport).build(),
                Duration.ofSeconds(2));
        assertTrue(r.up(), () -> r.error() + "\n" + coturn.logTail());
        String mapped = (String) r.detail().get("mapped_address");
        assertTrue(mapped.startsWith(ip.contains(":") ? "[::1]:" : "127.0.0.1:"), mapped);
        assertTrue(((String) r.detail().get("software")).toLowerCase().contains("coturn"), r.detail().toString());
        String origin = ip.contains(":") ? "[::1]:" + coturn.port() : ip + ":" + coturn.port();
        assertEquals(origin, r.detail().get("response_origin"));
        assertTrue(r.latencyMs() >= 0 && r.latencyMs() < 2_000, "latency " + r.latencyMs());
    }

    @Test
    void rfc5780_server_names_its_other_address() throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.STUN).port(coturn.port()).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r.error());
        assertEquals(coturn.altIp() + ":" + coturn.altPort(), r.detail().get("other_address"));
    }

    @Test
    void server_without_rfc5780_names_no_other_address_and_is_up() throws Exception {
        ProbeReport r = probe.check(aTarget(Kind.STUN).port(anonymous.port()).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r.error());
        assertFalse(r.detail().containsKey("other_address"), r.detail().toString());
    }

    @Test
    void host_name_is_resolved_through_the_injected_resolver() throws Exception {
        Resolver fake = (host, family) -> {
            assertEquals("stun.test", host);
            return InetAddress.getByName(family == 6 ? "::1" : "127.0.0.1");
        };
        ProbeReport r = new StunProbe(fake).check(aTarget(Kind.STUN).host("stun.test", 6).port(coturn.port()).build(),
                Duration.ofSeconds(2));
        assertTrue(r.up(), r.error());
        assertTrue(((String) r.detail().get("mapped_address")).startsWith("[::1]:"));
    }
}
