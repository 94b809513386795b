package dogdorm.dealer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A target's source: a list row's file and line, or a keepalive site's file and label, shown as before. */
class SourceTest {

    @Test
    void a_list_row_is_shown_as_file_colon_line_and_parsed_back() {
        Source row = new Source("tcp_v4.csv", 12);
        assertEquals("tcp_v4.csv:12", row.toString());
        assertEquals(row, Source.parse("tcp_v4.csv:12"));
        assertEquals("tcp_v4.csv", row.file());
        assertEquals(12, row.line());
        assertNull(row.label());
    }

    @Test
    void a_keepalive_site_keeps_its_config_as_file_and_its_entry_and_site_as_label() {
        Source site = Source.labelled("keepalive:/etc/dokeepalive.d/web.conf", "1.2");
        assertEquals("keepalive:/etc/dokeepalive.d/web.conf:1.2", site.toString());
        assertEquals(site, Source.parse("keepalive:/etc/dokeepalive.d/web.conf:1.2"));
        assertEquals("keepalive:/etc/dokeepalive.d/web.conf", site.file());
        assertEquals(0, site.line(), "a site has no line of its own");
    }

    @Test
    void every_stored_text_reads_back_to_the_same_text() {
        for (String text : List.of("tcp_v4.csv:1", "stun_udp_v6.csv:1234", "keepalive:test.conf:1.1",
                "keepalive:C:/conf/x.conf:3.4", "bench", "bench:7", "test:80", "f:0", "f:007", "f:-1", "f:",
                ":12", "a:b:c", "f: 2")) {
            assertEquals(text, Source.parse(text).toString(), text);
        }
        assertNull(Source.parse(null));
        assertNull(Source.parse(" "));
    }

    @Test
    void only_a_positive_number_after_the_last_colon_is_a_line() {
        assertEquals(new Source("f", 7), Source.parse("f:7"));
        assertEquals(Source.labelled("f", "0"), Source.parse("f:0"));
        assertEquals(Source.labelled("f", "1.1"), Source.parse("f:1.1"));
        assertEquals(Source.labelled("f", "99999999999"), Source.parse("f:99999999999"), "too long for a line");
        assertEquals(new Source("bench", 0), Source.parse("bench"));
    }

    @Test
    void a_source_that_cannot_be_shown_and_read_back_is_refused_naming_the_field() {
        assertMessage(() -> new Source(" ", 1), "file: missing or blank");
        assertMessage(() -> new Source(null, 1), "file: missing or blank");
        assertMessage(() -> new Source("f", -1), "line: -1 is negative");
        assertMessage(() -> Source.labelled("f", "a:b"), "label: 'a:b' is blank or has a ':'");
        assertMessage(() -> Source.labelled("f", " "), "label: ' ' is blank or has a ':'");
        assertMessage(() -> new Source("f", 3, "x"), "label: a source has a line (3) or a label, not both");
    }

    private static void assertMessage(Runnable r, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().equals(expected), e.getMessage());
    }
}
