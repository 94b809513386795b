package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpProbeTest {
    private final TcpProbe probe = new TcpProbe(Resolver.system());

    private static JobTarget target(String ip, int port, int family) {
        return new JobTarget(1L, Kind.TCP, family, null, null, ip, port, null, null, null, null);
    }

    @Test
    void a_listening_port_is_up_with_its_connect_time() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ProbeReport r = probe.check(target("127.0.0.1", s.getLocalPort(), 4), Duration.ofSeconds(2));
            assertTrue(r.up());
            assertTrue(r.latencyMs() >= 0 && r.latencyMs() < 2000);
            assertEquals("127.0.0.1", r.detail().get("address"));
        }
    }

    @Test
    void a_closed_port_is_down_as_refused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeReport r = probe.check(target("127.0.0.1", port, 4), Duration.ofSeconds(2));
        assertFalse(r.up());
        assertEquals("connection refused", r.error());
    }

    @Test
    void an_ipv6_target_where_the_server_listens_only_on_ipv4_is_down() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            ProbeReport r = probe.check(target("::1", s.getLocalPort(), 6), Duration.ofSeconds(2));
            assertFalse(r.up());
        }
    }

    @Test
    void a_public_only_name_that_resolves_to_loopback_is_down_and_not_probed() throws Exception {
        Resolver toLoopback = (host, family) -> InetAddress.getByName("127.0.0.1");
        TcpProbe tcp = new TcpProbe(toLoopback);
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            JobTarget strict = new JobTarget(1L, Kind.TCP, 4, null, "box.example", null, s.getLocalPort(), null, null,
                    null, null, true);
            ProbeReport r = tcp.check(strict, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("cannot resolve: box.example resolves to 127.0.0.1 (loopback address), refused by the "
                    + "public-server policy", r.error());
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, s::accept, "no connection was made");
            JobTarget allowed = new JobTarget(1L, Kind.TCP, 4, null, "box.example", null, s.getLocalPort(), null, null,
                    null, null, false);
            assertTrue(tcp.check(allowed, Duration.ofSeconds(2)).up(), "a list that allows private addresses");
        }
    }

    @Test
    void a_host_name_that_does_not_resolve_is_down_with_the_reason() throws Exception {
        JobTarget t = new JobTarget(1L, Kind.TCP, 4, null, "no-such-host.invalid", null, 80, null, null, null, null);
        ProbeReport r = probe.check(t, Duration.ofSeconds(2));
        assertFalse(r.up());
        assertTrue(r.error().startsWith("cannot resolve"), r.error());
    }

    @Test
    void an_ip_of_the_wrong_family_is_refused_without_connecting() throws Exception {
        ProbeReport r = probe.check(target("127.0.0.1", 80, 6), Duration.ofSeconds(2));
        assertFalse(r.up());
        assertTrue(r.error().contains("not an IPv6 address"), r.error());
    }

    @Test
    void many_checks_leak_no_sockets() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ServerSocket open = new ServerSocket(0, 500, InetAddress.getLoopbackAddress())) {
            long before = openFds();
            for (int i = 0; i < 300; i++) {
                probe.check(target("127.0.0.1", port, 4), Duration.ofSeconds(1));
                probe.check(target("127.0.0.1", open.getLocalPort(), 4), Duration.ofSeconds(1));
                open.accept().close();
            }
            assertTrue(openFds() - before < 10, "file descriptors grew from " + before + " to " + openFds());
        }
    }

    static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void a_check_tries_again_every_third_of_its_timeout() {
        assertEquals(java.time.Duration.ofSeconds(1).dividedBy(3), TcpProbe.spacing(java.time.Duration.ofSeconds(1)));
        assertEquals(java.time.Duration.ofSeconds(5).dividedBy(3), TcpProbe.spacing(java.time.Duration.ofSeconds(5)));
        assertEquals(java.time.Duration.ofMillis(100), TcpProbe.spacing(java.time.Duration.ofMillis(150)),
                "never under 100 ms");
    }
}
