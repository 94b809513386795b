package dogdorm.worker.probe.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.worker.probe.PingProbe;
import dogdorm.worker.probe.ProbeReport;
import dogdorm.worker.probe.Resolver;
import dogdorm.worker.probe.Targets;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real ICMP echo on loopback from this process, in the mode this machine allows (a datagram socket where
 * net.ipv4.ping_group_range lets this user in, else a raw one as root); skipped, saying why, where neither opens.
 */
class IcmpEchoTest {
    private static IcmpEcho echo;

    @BeforeAll
    static void open() {
        echo = IcmpEcho.open("auto").orElse(null);
        if (System.getenv("DOGDORM_REQUIRE_PEERS") == null) {
            Assumptions.assumeTrue(echo != null, "this process may open no ICMP socket");
        }
        assertTrue(echo != null, "no ICMP socket, though CI runs as root");
    }

    @AfterAll
    static void close() {
        if (echo != null) echo.close();
    }

    @Test
    void loopback_answers_over_ipv4_and_ipv6() throws Exception {
        IcmpEcho.Answer v4 = echo.echo(InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(2));
        assertTrue(v4.up(), v4.toString());
        assertTrue(v4.rttMs() >= 0 && v4.rttMs() < 2000, v4.toString());
        IcmpEcho.Answer v6 = echo.echo(InetAddress.getByName("::1"), Duration.ofSeconds(2));
        assertTrue(v6.up(), v6.toString());
    }

    @Test
    void a_thousand_checks_share_one_socket_and_each_gets_its_own_answer() throws Exception {
        List<Future<IcmpEcho.Answer>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1000; i++) {
                InetAddress to = InetAddress.getByName("127.0.0." + (1 + i % 200));
                answers.add(pool.submit(() -> echo.echo(to, Duration.ofSeconds(5))));
            }
            int up = 0;
            for (Future<IcmpEcho.Answer> a : answers) {
                if (a.get().up()) up++;
            }
            assertEquals(1000, up);
        }
    }

    @Test
    void the_ping_probe_uses_the_socket_and_says_so() throws Exception {
        PingProbe probe = new PingProbe(Resolver.system(), echo, null);
        ProbeReport up = probe.check(Targets.a(Kind.PING).ip("127.0.0.1").family(4).build(), Duration.ofSeconds(2));
        assertTrue(up.up(), up.toString());
        assertEquals(echo.method(), up.detail().get("method"));
        assertEquals("127.0.0.1", up.detail().get("address"));
        assertTrue(up.detail().get("round_trip_ms") instanceof Double, up.toString());
        ProbeReport v6 = probe.check(Targets.a(Kind.PING).ip("::1").family(6).build(), Duration.ofSeconds(2));
        assertTrue(v6.up(), v6.toString());
    }

    @Test
    void a_check_with_no_time_left_sends_nothing_and_is_down() throws Exception {
        IcmpEcho.Answer a = echo.echo(InetAddress.getByName("127.0.0.1"), Duration.ZERO);
        assertTrue(!a.up() && a.error().startsWith("no echo reply within 0 ms"), a.toString());
    }
}
