package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Rcode;

class DnsProbeTest {
    final DnsProbe probe = new DnsProbe(Resolver.system());

    private ProbeReport check(int port, Transport transport, Duration timeout) throws Exception {
        return probe.check(Targets.a(Kind.DNS).ip("127.0.0.1").port(port).transport(transport).build(), timeout);
    }

    @Test
    void noerror_reply_is_up_with_its_first_address() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            asked.add(FakeDns.asked(request));
            return FakeDns.answer(request, Rcode.NOERROR, "192.0.2.7", "192.0.2.8");
        })) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertTrue(r.up(), r::error);
            assertEquals("NOERROR", r.detail().get("rcode"));
            assertEquals(2, r.detail().get("answers"));
            assertEquals("192.0.2.7", r.detail().get("address"));
            assertEquals("example.com", r.detail().get("name"));
            assertEquals("A", r.detail().get("type"));
            assertEquals(List.of("example.com"), asked);
        }
    }

    @Test
    void nxdomain_is_up_because_the_server_answered() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.NXDOMAIN))) {
            ProbeReport r = probe.check(Targets.a(Kind.DNS).ip("127.0.0.1").port(server.port())
                    .option("name", "nowhere.example").build(), Duration.ofSeconds(2));
            assertTrue(r.up(), r::error);
            assertEquals("NXDOMAIN", r.detail().get("rcode"));
            assertEquals(0, r.detail().get("answers"));
            assertEquals("nowhere.example", r.detail().get("name"));
        }
    }

    @ParameterizedTest
    @CsvSource({"5,REFUSED", "2,SERVFAIL", "1,FORMERR", "4,NOTIMP"})
    void error_rcodes_are_down_with_the_rcode(int rcode, String name) throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, rcode))) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("the server answered " + name, r.error());
            assertEquals(name, r.detail().get("rcode"));
        }
    }

    @Test
    void ipv6_target_is_asked_for_aaaa() throws Exception {
        try (var server = new TinyServers.Udp("::1",
                request -> FakeDns.answer(request, Rcode.NOERROR, "2001:db8::7"))) {
            ProbeReport r = probe.check(Targets.a(Kind.DNS).ip("::1").port(server.port()).build(),
                    Duration.ofSeconds(2));
            assertTrue(r.up(), r::error);
            assertEquals("AAAA", r.detail().get("type"));
            assertEquals("2001:db8::7", r.detail().get("address"));
        }
    }

    @Test
    void reply_with_a_wrong_id_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] reply = FakeDns.answer(request, Rcode.NOERROR, "192.0.2.7");
            reply[1] ^= 0x5a; // a different id
            return reply;
        })) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertTrue(r.error().matches("reply id \\d+ does not match query id \\d+"), r.error());
        }
    }

    @Test
    void reply_to_another_question_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] other = FakeDns.answer(request, Rcode.NOERROR, "192.0.2.7");
            int at = indexOf(other, "example".getBytes());
            other[at] = 'X'; // Xxample.com
            return other;
        })) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertTrue(r.error().startsWith("the reply answers another question"), r.error());
        }
    }

    @Test
    void query_echoed_back_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> request)) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("the reply is a query (QR flag not set)", r.error());
        }
    }

    @Test
    void garbage_reply_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(12 + http.length);
            b.put(request, 0, 2); // even with the right id
            b.putShort((short) 0x8180).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0);
            b.put(http); // where the question should be
            return b.array();
        })) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("malformed reply (40 bytes): bad label type", r.error());
        }
    }

    @Test
    void an_oversized_udp_reply_is_down_with_its_size() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] full = FakeDns.answer(request, Rcode.NOERROR, "192.0.2.7");
            return Arrays.copyOf(full, 5000); // padded past what a query without EDNS may get
        })) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("a UDP reply of 4096 bytes or more to a query without EDNS (at most 512 expected)",
                    r.error());
        }
    }

    @Test
    void truncated_reply_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> Arrays.copyOf(request, 7))) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("truncated reply: 7 bytes, shorter than a DNS header", r.error());
        }
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] full = FakeDns.answer(request, Rcode.NOERROR, "192.0.2.7");
            return Arrays.copyOf(full, full.length - 3); // cut inside the answer
        })) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertTrue(r.error().startsWith("malformed reply"), r.error());
        }
    }

    @Test
    void silent_server_is_down_within_the_timeout() throws Exception {
        try (var udp = TinyServers.Udp.silent("127.0.0.1"); var tcp = TinyServers.Tcp.silent("127.0.0.1")) {
            for (var target : List.of(Targets.a(Kind.DNS).ip("127.0.0.1").port(udp.port()),
                    Targets.a(Kind.DNS).ip("127.0.0.1").port(tcp.port()).transport(Transport.TCP))) {
                long start = System.nanoTime();
                ProbeReport r = probe.check(target.build(), Deadlines.SILENT);
                Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
                assertFalse(r.up());
                assertEquals("no reply within 2000 ms", r.error());
            }
        }
    }

    @Test
    void a_lost_first_query_is_ridden_out_by_the_second() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        try (var server = new TinyServers.Udp("127.0.0.1",
                request -> seen.incrementAndGet() == 1 ? null : FakeDns.answer(request, Rcode.NOERROR, "192.0.2.7"))) {
            ProbeReport r = check(server.port(), Transport.UDP, Duration.ofSeconds(1));
            assertTrue(r.up(), r::error);
            assertEquals(2, server.requests(), "asked again after half the timeout");
        }
    }

    @Test
    void closed_port_is_down_over_udp_and_tcp() throws Exception {
        int port = TinyServers.closedPort("127.0.0.1");
        assertEquals("port unreachable", check(port, Transport.UDP, Duration.ofSeconds(2)).error());
        assertEquals("connection refused", check(port, Transport.TCP, Duration.ofSeconds(2)).error());
    }

    @Test
    void ipv6_target_is_down_when_the_server_listens_only_on_ipv4() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.NOERROR))) {
            ProbeReport r = probe.check(Targets.a(Kind.DNS).ip("::1").port(server.port()).build(),
                    Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("port unreachable", r.error());
            assertEquals(0, server.requests());
        }
    }

    @Test
    void tcp_reply_is_read_by_its_length_prefix() throws Exception {
        try (var server = new TinyServers.Tcp("127.0.0.1",
                FakeDns.overTcp(request -> FakeDns.answer(request, Rcode.NOERROR, "192.0.2.9")))) {
            ProbeReport r = check(server.port(), Transport.TCP, Duration.ofSeconds(2));
            assertTrue(r.up(), r::error);
            assertEquals("192.0.2.9", r.detail().get("address"));
            assertEquals("tcp", r.detail().get("transport"));
        }
    }

    @Test
    void tcp_connection_closed_mid_reply_is_down() throws Exception {
        try (var server = new TinyServers.Tcp("127.0.0.1", (in, out) -> {
            in.read(new byte[512]);
            out.write(new byte[] {0, 100, 1, 2, 3}); // promises 100 bytes, sends 3
        })) {
            ProbeReport r = check(server.port(), Transport.TCP, Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("truncated reply: 3 of 100 bytes before the connection closed", r.error());
        }
        try (var server = new TinyServers.Tcp("127.0.0.1", (in, out) -> in.read(new byte[512]))) {
            ProbeReport r = check(server.port(), Transport.TCP, Duration.ofSeconds(2));
            assertEquals("the server closed the connection without a reply", r.error());
        }
    }

    @Test
    void host_name_is_resolved_through_the_injected_resolver() throws Exception {
        Resolver resolver = (host, family) -> {
            if (host.equals("ns.test")) {
                return InetAddress.getByName("127.0.0.1");
            }
            throw new UnknownHostException(host + ": no such name (NXDOMAIN)");
        };
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.NOERROR))) {
            DnsProbe viaResolver = new DnsProbe(resolver);
            assertTrue(viaResolver.check(Targets.a(Kind.DNS).host("ns.test").family(4).port(server.port()).build(),
                    Duration.ofSeconds(2)).up());
            assertEquals("cannot resolve: gone.test: no such name (NXDOMAIN)", viaResolver.check(
                    Targets.a(Kind.DNS).host("gone.test").family(4).port(53).build(), Duration.ofSeconds(2)).error());
        }
    }

    @Test
    void invalid_name_option_is_down_before_asking() throws Exception {
        ProbeReport r = probe.check(Targets.a(Kind.DNS).ip("127.0.0.1").port(53).option("name", "a..b").build(),
                Duration.ofSeconds(1));
        assertFalse(r.up());
        assertTrue(r.error().startsWith("option name 'a..b' is not a domain name"), r.error());
    }

    @Test
    void hundreds_of_failed_checks_leak_no_sockets_or_threads() throws Exception {
        int closed = TinyServers.closedPort("127.0.0.1");
        Leaks.assertNoGrowth(300, () -> check(closed, Transport.UDP, Duration.ofMillis(200)));
        Leaks.assertNoGrowth(300, () -> check(closed, Transport.TCP, Duration.ofMillis(200)));
        try (var silent = TinyServers.Udp.silent("127.0.0.1")) {
            Leaks.assertNoGrowth(40, () -> check(silent.port(), Transport.UDP, Duration.ofMillis(20)));
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
