package dogdorm.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest
    @CsvSource({"stun.example.org,stun.example.org", "STUN.Example.ORG.,stun.example.org", "a,a",
            "_sip._udp.example.net,_sip._udp.example.net", "xn--bcher-kva.example,xn--bcher-kva.example",
            "1.example,1.example"})
    void names_are_lower_cased_without_the_trailing_dot(String text, String normal) {
        assertEquals(normal, HostNames.normalize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", ".example", "-lead.example", "trail-.example", "sp ace.example",
            "<script>alert(1)</script>", "host:80", "ex*ample.org"})
    void bad_labels_are_refused_naming_the_text(String text) {
        assertEquals("host '" + text + "' is not a valid host name",
                assertThrows(IllegalArgumentException.class, () -> HostNames.normalize(text)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0177.0.0.1", "127.1", "0x7f.1", "0x7f000001", "10.0.0.1.", "example.123",
            "1.2.3.4.5", "0X7F.0.0.1"})
    void names_that_end_in_a_number_are_refused_as_ipv4_addresses_in_another_form(String text) {
        String message = assertThrows(IllegalArgumentException.class, () -> HostNames.normalize(text)).getMessage();
        assertEquals("host '" + text + "' is a number, not a host name (an IPv4 address written in another form?): "
                + "write an IP address as four decimal numbers, 192.0.2.1", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123.example", "0xdead.example", "a1", "1a", "x0x.example", "1-2.example"})
    void numbers_inside_a_name_are_fine(String text) {
        assertEquals(text, HostNames.normalize(text));
    }

    @Test
    void empty_and_overlong_names_are_refused() {
        String overlong = "a.".repeat(126) + "bb"; // 254 characters
        String longest = "a.".repeat(126) + "b"; // 253
        assertEquals(longest, HostNames.normalize(longest));
        for (String text : new String[] {"", ".", overlong}) {
            assertEquals("host " + Visible.quoted(text) + " is not a valid host name (length)",
                    assertThrows(IllegalArgumentException.class, () -> HostNames.normalize(text)).getMessage());
        }
    }

    @Test
    void a_label_longer_than_63_characters_is_refused() {
        assertEquals("a".repeat(63) + ".example", HostNames.normalize("a".repeat(63) + ".example"));
        assertThrows(IllegalArgumentException.class, () -> HostNames.normalize("a".repeat(64) + ".example"));
    }
}
