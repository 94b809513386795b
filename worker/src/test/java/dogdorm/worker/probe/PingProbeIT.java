package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.worker.peers.Peers;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real ICMP echo to loopback through the system's ping. */
class PingProbeIT {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void loopback_answers_a_real_echo(String ip) throws Exception {
        PingProbe probe = new PingProbe(Resolver.system(), Peers.binary("ping", "iputils-ping"));
        ProbeReport r = probe.check(Targets.a(Kind.PING).ip(ip).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r::error);
        assertEquals("system ping", r.detail().get("method"));
        double rtt = (Double) r.detail().get("round_trip_ms");
        assertTrue(rtt > 0 && rtt < 100, "round trip " + rtt);
        assertEquals(rtt, r.latencyMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void many_pings_leave_nothing_behind(String ip) throws Exception {
        PingProbe probe = new PingProbe(Resolver.system(), Peers.binary("ping", "iputils-ping"));
        Leaks.assertNoGrowth(50, () -> assertTrue(probe.check(Targets.a(Kind.PING).ip(ip).build(),
                Duration.ofSeconds(2)).up()));
    }
}
