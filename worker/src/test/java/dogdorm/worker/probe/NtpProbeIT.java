package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.worker.peers.Chrony;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The NTP probe against a real chronyd serving its local clock at stratum 10 on 127.0.0.1 and ::1. */
class NtpProbeIT {
    static Chrony chrony;
    final NtpProbe probe = new NtpProbe(Resolver.system());

    @BeforeAll
    static void startChrony() throws Exception {
        chrony = Chrony.start();
    }

    @AfterAll
    static void stopChrony() {
        if (chrony != null) {
            chrony.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void chrony_local_clock_is_up_at_stratum_10(String ip) throws Exception {
        ProbeReport r = probe.check(Targets.a(Kind.NTP).ip(ip).port(chrony.port()).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), () -> r.error() + "\n" + chrony.logTail());
        assertEquals(10, r.detail().get("stratum"));
        assertEquals(0, r.detail().get("leap"));
        assertEquals("127.127.1.1", r.detail().get("reference_id"));
        // the same machine's clock: the offset is at most a few milliseconds
        assertTrue(Math.abs((Double) r.detail().get("offset_ms")) < 50, r.detail().toString());
        assertTrue(r.latencyMs() > 0 && r.latencyMs() < 500, "latency " + r.latencyMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void many_checks_leave_no_sockets_or_threads(String ip) throws Exception {
        Leaks.assertNoGrowth(100, () -> assertTrue(probe.check(Targets.a(Kind.NTP).ip(ip).port(chrony.port())
                .build(), Duration.ofSeconds(2)).up()));
    }
}
