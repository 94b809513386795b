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

    @Test
    void empty_and_overlong_names_are_refused() {
        String overlong = "a.".repeat(126) + "bb"; // 254 characters
        String longest = "a.".repeat(126) + "b"; // 253
        assertEquals(longest, HostNames.normalize(longest));
        for (String text : new String[] {"", ".", overlong}) {
            assertEquals("host '" + text + "' is not a valid host name (length)",
                    assertThrows(IllegalArgumentException.class, () -> HostNames.normalize(text)).getMessage());
        }
    }

    @Test
    void a_label_longer_than_63_characters_is_refused() {
        assertEquals("a".repeat(63) + ".example", HostNames.normalize("a".repeat(63) + ".example"));
        assertThrows(IllegalArgumentException.class, () -> HostNames.normalize("a".repeat(64) + ".example"));
    }
}
