package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsResolverTest {

    private static DnsResolver at(int port) {
        return DnsResolver.at("127.0.0.1:" + port, Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,127.0.0.1,53", "127.0.0.1:5353,127.0.0.1,5353", "::1,::1,53", "[::1]:5353,::1,5353",
            "[::1],::1,53", "' 192.0.2.1:53 ',192.0.2.1,53", "[2001:db8::1]:853,2001:db8::1,853"})
    void server_address_is_ip_with_an_optional_port(String text, String ip, int port) throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName(ip), port), DnsResolver.parseServer(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dns.example", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x", "[::1", "[::1]5353",
            "[nonsense]:53"})
    void bad_server_addresses_are_refused_with_a_reason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsResolver.parseServer(text));
        assertTrue(e.getMessage().startsWith("resolver address"), e.getMessage());
    }

    @Test
    void ip_literal_is_returned_without_asking() throws Exception {
        try (var server = TinyServers.Udp.silent("127.0.0.1")) {
            DnsResolver resolver = at(server.port());
            assertEquals(InetAddress.getByName("192.0.2.1"), resolver.resolve("192.0.2.1", 4));
            UnknownHostException e = assertThrows(UnknownHostException.class, () -> resolver.resolve("192.0.2.1", 6));
            assertEquals("192.0.2.1 is not an IPv6 address", e.getMessage());
            assertEquals(0, server.requests());
        }
    }

    @Test
    void a_for_family_4_and_aaaa_for_family_6() throws Exception {
        List<Integer> types = new CopyOnWriteArrayList<>();
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            int type = FakeDns.parse(request).getQuestion().getType();
            types.add(type);
            return type == Type.A ? FakeDns.answer(request, Rcode.NOERROR, "192.0.2.5")
                    : FakeDns.answer(request, Rcode.NOERROR, "2001:db8::5");
        })) {
            DnsResolver resolver = at(server.port());
            assertEquals(InetAddress.getByName("192.0.2.5"), resolver.resolve("server.example", 4));
            assertEquals(InetAddress.getByName("2001:db8::5"), resolver.resolve("server.example", 6));
            assertEquals("server.example", resolver.resolve("server.example.", 4).getHostName());
            assertEquals(List.of(Type.A, Type.AAAA, Type.A), types);
        }
    }

    @Test
    void nxdomain_says_no_such_name() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.NXDOMAIN))) {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> at(server.port()).resolve("gone.example", 4));
            assertEquals("gone.example: no such name (NXDOMAIN)", e.getMessage());
        }
    }

    @Test
    void empty_answer_says_which_record_is_missing() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.NOERROR))) {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> at(server.port()).resolve("v4only.example", 6));
            assertEquals("v4only.example has no IPv6 address (no AAAA record)", e.getMessage());
        }
    }

    @Test
    void servfail_is_reported_with_the_server() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.SERVFAIL))) {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> at(server.port()).resolve("broken.example", 4));
            assertEquals("broken.example: SERVFAIL from 127.0.0.1:" + server.port(), e.getMessage());
        }
    }

    @Test
    void silent_server_times_out_within_the_resolver_timeout() throws Exception {
        try (var server = TinyServers.Udp.silent("127.0.0.1")) {
            DnsResolver resolver = DnsResolver.at("127.0.0.1:" + server.port(), Duration.ofMillis(400));
            long start = System.nanoTime();
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> resolver.resolve("slow.example", 4));
            Deadlines.assertGaveUpWithin(start, 350, Duration.ofMillis(400));
            assertEquals("slow.example: no answer from 127.0.0.1:" + server.port() + " within 400 ms",
                    e.getMessage());
        }
    }

    @Test
    void next_server_is_asked_when_one_fails_and_the_time_is_shared() throws Exception {
        try (var silent = TinyServers.Udp.silent("127.0.0.1");
             var failing = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.SERVFAIL));
             var good = new TinyServers.Udp("127.0.0.1",
                     request -> FakeDns.answer(request, Rcode.NOERROR, "192.0.2.44"))) {
            InetAddress local = InetAddress.getByName("127.0.0.1");
            DnsResolver resolver = new DnsResolver(List.of(new InetSocketAddress(local, silent.port()),
                    new InetSocketAddress(local, failing.port()), new InetSocketAddress(local, good.port())),
                    Duration.ofMillis(900));
            long start = System.nanoTime();
            assertEquals(InetAddress.getByName("192.0.2.44"), resolver.resolve("spread.example", 4));
            // the silent server gets a third of the 900 ms (300), not all of it (which would take 900 or more)
            double ms = ProbeReport.millisSince(start);
            assertTrue(ms >= 250 && ms < 800, "took " + ms + " ms");
            assertEquals(1, failing.requests());
        }
    }

    @Test
    void nxdomain_is_not_asked_again_elsewhere() throws Exception {
        try (var first = new TinyServers.Udp("127.0.0.1", request -> FakeDns.answer(request, Rcode.NXDOMAIN));
             var second = new TinyServers.Udp("127.0.0.1",
                     request -> FakeDns.answer(request, Rcode.NOERROR, "192.0.2.1"))) {
            InetAddress local = InetAddress.getByName("127.0.0.1");
            DnsResolver resolver = new DnsResolver(List.of(new InetSocketAddress(local, first.port()),
                    new InetSocketAddress(local, second.port())), Duration.ofSeconds(1));
            assertThrows(UnknownHostException.class, () -> resolver.resolve("gone.example", 4));
            assertEquals(0, second.requests());
        }
    }

    @Test
    void truncated_udp_reply_is_asked_again_over_tcp() throws Exception {
        try (var server = TinyServers.OnePort.serving("127.0.0.1", request -> {
            Message m = FakeDns.parse(FakeDns.answer(request, Rcode.NOERROR));
            m.getHeader().setFlag(Flags.TC);
            return m.toWire();
        }, FakeDns.overTcp(request -> FakeDns.answer(request, Rcode.NOERROR, "192.0.2.77")))) {
            assertEquals(InetAddress.getByName("192.0.2.77"), at(server.port()).resolve("big.example", 4));
            assertEquals(1, server.tcp().accepted());
        }
    }

    @Test
    void cname_without_its_address_is_followed_with_another_question() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> FakeDns.asked(request).equals("www.example")
                ? FakeDns.alias(request, "real.example")
                : FakeDns.answer(request, Rcode.NOERROR, "192.0.2.99"))) {
            assertEquals(InetAddress.getByName("192.0.2.99"), at(server.port()).resolve("www.example", 4));
            assertEquals(2, server.requests());
        }
    }

    @Test
    void reply_with_a_wrong_id_is_not_believed() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] reply = FakeDns.answer(request, Rcode.NOERROR, "192.0.2.66");
            reply[0] ^= 0x11;
            return reply;
        })) {
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> at(server.port()).resolve("spoofed.example", 4));
            assertTrue(e.getMessage().startsWith("spoofed.example: bad reply from 127.0.0.1:" + server.port()
                    + ": reply id"), e.getMessage());
        }
    }

    @Test
    void many_failed_lookups_leak_no_sockets_or_threads() throws Exception {
        int closed = TinyServers.closedPort("127.0.0.1");
        DnsResolver resolver = DnsResolver.at("127.0.0.1:" + closed, Duration.ofMillis(200));
        Leaks.assertNoGrowth(300, () -> assertThrows(UnknownHostException.class,
                () -> resolver.resolve("nothing.example", 4)));
    }
}
