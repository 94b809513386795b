package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.worker.peers.Dnsmasq;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The DNS probe and the dnsjava resolver against a real dnsmasq serving made-up names under test. */
class DnsIT {
    static Dnsmasq dnsmasq;
    final DnsProbe probe = new DnsProbe(Resolver.system());

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = Dnsmasq.start();
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    private Targets server(String ip, Transport transport, String name) {
        return Targets.a(Kind.DNS).ip(ip).port(dnsmasq.port()).transport(transport).option("name", name);
    }

    // --- the probe

    @ParameterizedTest
    @CsvSource({"127.0.0.1,UDP,127.0.0.1", "127.0.0.1,TCP,127.0.0.1", "::1,UDP,::1", "::1,TCP,::1"})
    void known_name_is_up_with_noerror_and_its_address(String ip, String transport, String address)
            throws Exception {
        ProbeReport r = probe.check(server(ip, Transport.parse(transport), Dnsmasq.BOTH).build(),
                Duration.ofSeconds(2));
        assertTrue(r.up(), () -> r.error() + "\n" + dnsmasq.logTail());
        assertEquals("NOERROR", r.detail().get("rcode"));
        assertEquals(1, r.detail().get("answers"));
        assertEquals(address, r.detail().get("address"));
        assertEquals(ip.contains(":") ? "AAAA" : "A", r.detail().get("type"));
        assertEquals("stun.test", r.detail().get("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void unknown_name_under_the_served_domain_is_up_with_nxdomain(String ip) throws Exception {
        ProbeReport r = probe.check(server(ip, Transport.UDP, "missing.test").build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r::error);
        assertEquals("NXDOMAIN", r.detail().get("rcode"));
        assertEquals(0, r.detail().get("answers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void other_domain_is_down_as_refused(String ip) throws Exception {
        // no name option: the default example.com, which this dnsmasq (no upstream) refuses
        ProbeReport r = probe.check(Targets.a(Kind.DNS).ip(ip).port(dnsmasq.port()).build(), Duration.ofSeconds(2));
        assertFalse(r.up());
        assertEquals("the server answered REFUSED", r.error());
        assertEquals("example.com", r.detail().get("name"));
    }

    @Test
    void name_without_an_aaaa_record_is_up_with_no_answers_for_an_ipv6_target() throws Exception {
        ProbeReport r = probe.check(server("::1", Transport.UDP, Dnsmasq.ONLY_V4).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r::error);
        assertEquals("AAAA", r.detail().get("type"));
        assertEquals(0, r.detail().get("answers"));
        assertFalse(r.detail().containsKey("address"));
    }

    @Test
    void probe_finds_its_server_through_the_dns_resolver() throws Exception {
        dnsmasq.setAddresses("ns.test", "127.0.0.1");
        DnsProbe viaDnsmasq = new DnsProbe(DnsResolver.at(dnsmasq.resolverV4(), Duration.ofSeconds(2)));
        ProbeReport r = viaDnsmasq.check(Targets.a(Kind.DNS).host("ns.test").family(4).port(dnsmasq.port())
                .option("name", Dnsmasq.BOTH).build(), Duration.ofSeconds(2));
        assertTrue(r.up(), r::error);
        assertEquals("127.0.0.1", r.detail().get("server"));
    }

    // --- the resolver

    @ParameterizedTest
    @ValueSource(strings = {"v4", "v6"})
    void resolver_gives_a_for_family_4_and_aaaa_for_family_6(String listener) throws Exception {
        DnsResolver resolver = DnsResolver.at(listener.equals("v4") ? dnsmasq.resolverV4() : dnsmasq.resolverV6(),
                Duration.ofSeconds(2));
        assertEquals(InetAddress.getByName("127.0.0.1"), resolver.resolve(Dnsmasq.BOTH, 4));
        assertEquals(InetAddress.getByName("::1"), resolver.resolve(Dnsmasq.BOTH, 6));
        assertEquals(InetAddress.getByName("127.0.0.2"), resolver.resolve(Dnsmasq.ONLY_V4, 4));
        assertEquals(InetAddress.getByName("::1"), resolver.resolve(Dnsmasq.ALIAS, 6));
    }

    @Test
    void resolver_says_no_such_name_for_nxdomain() {
        DnsResolver resolver = DnsResolver.at(dnsmasq.resolverV4(), Duration.ofSeconds(2));
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> resolver.resolve("nope.test", 4));
        assertEquals("nope.test: no such name (NXDOMAIN)", e.getMessage());
    }

    @Test
    void resolver_says_which_record_is_missing() {
        DnsResolver resolver = DnsResolver.at(dnsmasq.resolverV6(), Duration.ofSeconds(2));
        UnknownHostException noAaaa = assertThrows(UnknownHostException.class,
                () -> resolver.resolve(Dnsmasq.ONLY_V4, 6));
        assertEquals("only4.test has no IPv6 address (no AAAA record)", noAaaa.getMessage());
        UnknownHostException noA = assertThrows(UnknownHostException.class,
                () -> resolver.resolve(Dnsmasq.ONLY_V6, 4));
        assertEquals("only6.test has no IPv4 address (no A record)", noA.getMessage());
    }

    @Test
    void resolver_reports_refused_for_a_domain_the_server_does_not_serve() {
        DnsResolver resolver = DnsResolver.at(dnsmasq.resolverV4(), Duration.ofSeconds(2));
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> resolver.resolve("example.com", 4));
        assertEquals("example.com: REFUSED from " + dnsmasq.resolverV4(), e.getMessage());
    }

    @Test
    void name_that_moves_is_seen_at_its_new_address_on_the_next_lookup() throws Exception {
        DnsResolver resolver = DnsResolver.at(dnsmasq.resolverV4(), Duration.ofSeconds(2));
        dnsmasq.setAddresses("moving.test", "127.0.0.5", "::5");
        assertEquals(InetAddress.getByName("127.0.0.5"), resolver.resolve("moving.test", 4));
        dnsmasq.setAddresses("moving.test", "127.0.0.6");
        assertEquals(InetAddress.getByName("127.0.0.6"), resolver.resolve("moving.test", 4));
        assertThrows(UnknownHostException.class, () -> resolver.resolve("moving.test", 6));
        dnsmasq.setAddresses("moving.test");
        UnknownHostException gone = assertThrows(UnknownHostException.class,
                () -> resolver.resolve("moving.test", 4));
        assertEquals("moving.test: no such name (NXDOMAIN)", gone.getMessage());
    }
}
