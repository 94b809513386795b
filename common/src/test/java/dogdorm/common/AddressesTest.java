package dogdorm.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({"192.0.2.1,192.0.2.1", "' 198.51.100.7 ',198.51.100.7", "2001:DB8:0:0:0:0:0:1,2001:db8::1",
            "[2001:db8::1],2001:db8::1", "2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1", "::,::", "::1,::1",
            "2001:db8:1:2:3:4:5:6,2001:db8:1:2:3:4:5:6", "fe80:0:0:0:0:0:0:0,fe80::"})
    void literals_parse_to_their_canonical_form(String text, String canonical) {
        assertEquals(canonical, Addresses.canonical(Addresses.parse(text)));
        assertTrue(Addresses.isLiteral(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.org", "localhost", "256.1.1.1", "1.2.3", "", "1.2.3.4.5", "2001:db8::1%eth0",
            "::g", "[192.0.2.1"})
    void anything_else_is_refused_without_a_lookup(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Addresses.parse(text));
        assertEquals("'" + text + "' is not an IP address", e.getMessage());
        assertFalse(Addresses.isLiteral(text));
    }

    @Test
    void a_missing_ip_is_named() {
        assertEquals("ip: missing", assertThrows(IllegalArgumentException.class, () -> Addresses.parse(null))
                .getMessage());
    }

    @Test
    void ports_are_written_after_the_address_with_brackets_for_ipv6() throws Exception {
        assertEquals("192.0.2.1:3478", Addresses.withPort("192.0.2.1", 3478));
        assertEquals("[2001:db8::1]:3478", Addresses.withPort("2001:db8::1", 3478));
        assertEquals("[2001:db8::1]:53", Addresses.withPort(InetAddress.getByName("2001:db8:0:0:0:0:0:1"), 53));
        assertEquals("2001:db8::1", Addresses.withPort("2001:db8::1", 0), "port 0 (ICMP) is left out");
        assertEquals(4, Addresses.family(Addresses.parse("192.0.2.1")));
        assertEquals(6, Addresses.family(Addresses.parse("::1")));
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0,unspecified address (0.0.0.0/8)", "127.0.0.1,loopback address", "::1,loopback address",
            "10.1.2.3,private address", "172.16.0.1,private address", "192.168.1.1,private address",
            "100.64.0.1,private address (carrier-grade NAT 100.64.0.0/10)", "169.254.1.1,link-local address",
            "fe80::1,link-local address", "224.0.0.1,multicast address", "ff02::1,multicast address",
            "192.0.2.1,documentation address", "198.51.100.1,documentation address",
            "203.0.113.1,documentation address", "2001:db8::1,documentation address",
            "198.18.0.1,benchmarking address (198.18.0.0/15)", "240.0.0.1,reserved address (240.0.0.0/4)",
            "fd00::1,private address (unique local fc00::/7)", "fec0::1,private address (site-local fec0::/10)",
            "0.1.2.3,unspecified address (0.0.0.0/8)"})
    void non_public_addresses_say_why(String ip, String why) {
        assertEquals(why, Addresses.whyNotPublic(Addresses.parse(ip)));
    }

    /** The forms the audit found accepted, and the rest of the special-purpose registries. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "64:ff9b::7f00:1|loopback address (NAT64)",
            "64:ff9b::a00:1|private address (NAT64)",
            "64:ff9b:1::a00:1|local-use NAT64 address (64:ff9b:1::/48)",
            "2002:7f00:1::1|loopback address (6to4)",
            "2002:c0a8:101::1|private address (6to4)",
            "::7f00:1|loopback address (IPv4-compatible)",
            "::a00:1|private address (IPv4-compatible)",
            "::ffff:10.0.0.1|private address",
            "2001::7f00:1|unspecified address (0.0.0.0/8) (Teredo server)",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7|null",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2|documentation address (Teredo client)",
            "2001:0:4136:e378:8000:63bf:80ff:fffe|loopback address (Teredo client)",
            "2001:0:a00:1::1|private address (Teredo server)",
            "100::1|discard-only address (100::/64)",
            "100:0:0:1::1|dummy IPv6 prefix (100:0:0:1::/64)",
            "192.0.0.8|IETF protocol assignment (192.0.0.0/24)",
            "192.0.0.1|IETF protocol assignment (192.0.0.0/24)",
            "192.88.99.1|6to4 relay anycast address (192.88.99.0/24, deprecated)",
            "255.255.255.255|broadcast address",
            "2001:2::1|benchmarking address (2001:2::/48)",
            "2001:10::1|IETF protocol assignment (2001::/23)",
            "3fff::1|documentation address",
            "5f00::1|reserved address (outside the global unicast 2000::/3)",
            "4000::1|reserved address (outside the global unicast 2000::/3)",
            "::2|unspecified address (0.0.0.0/8) (IPv4-compatible)"},
            nullValues = "null")
    void special_purpose_blocks_and_embedded_ipv4_are_judged(String ip, String why) {
        assertEquals(why, Addresses.whyNotPublic(Addresses.parse(ip)), ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.0.9", "192.0.0.10", "2001:1::1", "2001:1::2", "2001:4:112::1", "2001:3::1",
            "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8", "2620:4f:8000::1", "192.31.196.1"})
    void globally_reachable_special_blocks_and_embedded_public_ipv4_pass(String ip) {
        assertNull(Addresses.whyNotPublic(Addresses.parse(ip)), ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.1", "2606:4700:4700::1111",
            "2a00:1450:4001::1"})
    void public_unicast_addresses_pass(String ip) {
        assertNull(Addresses.whyNotPublic(Addresses.parse(ip)));
    }
}
