package dogdorm.dealer.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepaliveConfigTest {
    private final ObjectMapper json = Json.newMapper();

    /** The README's example, with real values in the same shape (strings for droplet_id and port). */
    static final String EXAMPLE = """
            [
              {
                "token": "dop_v1_0123456789abcdef0123456789abcdef",
                "description": "DESCRIPTION OF TOKEN",
                "sites": [
                  {
                    "droplet_id": "3164444",
                    "host": "203.0.113.10",
                    "port": "443",
                    "interval": "5m"
                  },
                  {
                    "droplet_id": 3164450,
                    "host": "shop.example.org",
                    "port": 8443,
                    "interval": "1h30m"
                  }
                ]
              },
              {
                "token": "dop_v1_second",
                "sites": [{"droplet_id": "99", "host": "198.51.100.7", "port": "22", "interval": "36h"}]
              }
            ]
            """;

    @Test
    void the_original_format_is_read_unchanged() throws Exception {
        List<KeepaliveConfig.Site> sites = KeepaliveConfig.parse("dokeepalive.conf", EXAMPLE, json);
        assertEquals(3, sites.size());
        KeepaliveConfig.Site a = sites.get(0);
        assertEquals("3164444", a.dropletId());
        assertEquals("203.0.113.10", a.host());
        assertEquals(443, a.port());
        assertEquals(Duration.ofMinutes(5), a.interval());
        assertEquals("DESCRIPTION OF TOKEN", a.description());
        assertEquals(8443, sites.get(1).port());
        assertEquals("3164450", sites.get(1).dropletId());
        assertEquals(Duration.ofMinutes(90), sites.get(1).interval());
        assertEquals(Duration.ofHours(36), sites.get(2).interval());
        assertEquals("dokeepalive.conf: entry 2, site 1", sites.get(2).where());
        assertFalse(a.toString().contains("dop_v1"), "a site's text never shows its token");
    }

    private String error(String text) {
        return assertThrows(KeepaliveConfig.Invalid.class, () -> KeepaliveConfig.parse("bad.conf", text, json))
                .getMessage();
    }

    @Test
    void problems_name_the_file_the_entry_and_the_field() {
        assertTrue(error("[").startsWith("bad.conf: not valid JSON at line 1, column 2: "), error("["));
        assertEquals("bad.conf: expected a JSON list of [{\"token\", \"description\", \"sites\": [...]}]",
                error("{\"token\":\"x\"}"));
        assertEquals("bad.conf: entry 1: token is missing", error("[{\"sites\":[]}]"));
        assertEquals("bad.conf: entry 1: sites is missing or not a list", error("[{\"token\":\"t\"}]"));
        String site = "[{\"token\":\"t\",\"sites\":[{\"droplet_id\":\"1\",\"host\":\"h.example\",\"port\":%s,"
                + "\"interval\":%s}]}]";
        assertEquals("bad.conf: entry 1, site 1: port 'PORT TO CHECK' is not a number",
                error(String.format(site, "\"PORT TO CHECK\"", "\"5m\"")));
        assertEquals("bad.conf: entry 1, site 1: port 70000 is outside 1..65535",
                error(String.format(site, "70000", "\"5m\"")));
        assertEquals("bad.conf: entry 1, site 1: interval: duration '0m' is zero: it must be greater than zero",
                error(String.format(site, "80", "\"0m\"")));
        assertEquals("bad.conf: entry 1, site 1: interval: duration '-5m' is negative: it must be greater than zero",
                error(String.format(site, "80", "\"-5m\"")));
        assertEquals("bad.conf: entry 1, site 1: interval: duration '5' is not understood at '5': use a number and a"
                + " unit (ms, s, m, h, d, w), e.g. 30s, 5m, 36h, 2d or 1h30m",
                error(String.format(site, "80", "\"5\"")));
        assertEquals("bad.conf: entry 1, site 1: interval is missing",
                error("[{\"token\":\"t\",\"sites\":[{\"droplet_id\":\"1\",\"host\":\"h.example\",\"port\":80}]}]"));
        assertEquals("bad.conf: entry 1, site 1: droplet_id 'DROPLET ID' is not a droplet id (a number)",
                error("[{\"token\":\"t\",\"sites\":[{\"droplet_id\":\"DROPLET ID\",\"host\":\"h.example\","
                        + "\"port\":80,\"interval\":\"5m\"}]}]"));
        assertEquals("bad.conf: entry 1, site 1: host 'DOMAIN OR IP OF DROPLET' is not a host name or IP address",
                error("[{\"token\":\"t\",\"sites\":[{\"droplet_id\":\"1\",\"host\":\"DOMAIN OR IP OF DROPLET\","
                        + "\"port\":80,\"interval\":\"5m\"}]}]"));
        assertFalse(error("[{\"token\":\"secret-token-value\",\"sites\":[{\"droplet_id\":\"x\"}]}]")
                .contains("secret-token-value"), "no message repeats the token");
    }

    private static final String ONE_SITE = "[{\"token\":\"t\",\"sites\":[{\"droplet_id\":\"1\","
            + "\"host\":\"203.0.113.10\",\"port\":80,\"interval\":\"%s\"}]}]";

    @Test
    void an_interval_past_100_years_is_refused_naming_the_field_not_as_an_overflow() {
        assertEquals("bad.conf: entry 1, site 1: interval: duration '999999999999d' is too large: at most 36500d "
                + "(100 years)", error(String.format(ONE_SITE, "999999999999d")));
    }

    @Test
    void a_nesting_too_deep_for_the_parser_names_the_file_without_a_line() {
        String deep = error("[".repeat(5000) + "]".repeat(5000));
        assertTrue(deep.startsWith("bad.conf: not valid JSON: "), deep);
        assertTrue(deep.contains("nesting depth"), deep);
        assertFalse(deep.contains("NullPointerException") || deep.contains("null"), deep);
        String deepField = error("[{\"token\":\"t\",\"sites\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}]");
        assertTrue(deepField.startsWith("bad.conf: not valid JSON: "), deepField);
    }

    @Test
    void text_after_the_list_or_a_second_document_is_refused_saying_where_the_list_ends() throws Exception {
        String good = String.format(ONE_SITE, "5m");
        assertEquals("bad.conf: more follows the JSON list, which ends at line 1, column 93: the file holds one "
                + "list only", error(good + " x"));
        assertEquals("bad.conf: more follows the JSON list, which ends at line 1, column 93: the file holds one "
                + "list only", error(good + "\n" + good));
        assertEquals("bad.conf: more follows the JSON list, which ends at line 1, column 93: the file holds one "
                + "list only", error(good + "{\"token\": dop_v1_secret}"));
        assertEquals(1, KeepaliveConfig.parse("ok.conf", good + " \n\t\n", json).size(), "white space may follow");
    }

    @Test
    void a_field_given_twice_is_refused_naming_it() {
        String twice = error("[{\"token\":\"first-secret\",\"token\":\"second-secret\",\"sites\":[]}]");
        assertTrue(twice.startsWith("bad.conf: not valid JSON at line 1, column "), twice);
        assertTrue(twice.endsWith("Duplicate field 'token'"), twice);
        assertFalse(twice.contains("secret"), twice);
        String inSite = error(String.format(ONE_SITE, "5m").replace("\"port\":80", "\"port\":80,\"port\":81"));
        assertTrue(inSite.endsWith("Duplicate field 'port'"), inSite);
    }

    @Test
    void a_byte_order_mark_before_the_list_is_skipped() throws Exception {
        assertEquals(3, KeepaliveConfig.parse("bom.conf", "\uFEFF" + EXAMPLE, json).size());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("dokeepalive", ".conf");
        try {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] text = EXAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] both = java.util.Arrays.copyOf(bom, bom.length + text.length);
            System.arraycopy(text, 0, both, bom.length, text.length);
            java.nio.file.Files.write(file, both);
            assertEquals(3, KeepaliveConfig.read(file, json).size(), "as a Windows editor saves it");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void a_token_without_quotes_is_not_quoted_back() {
        String bare = error("[{\"token\": dop_v1_0123456789abcdef, \"sites\": []}]");
        assertEquals("bad.conf: not valid JSON at line 1, column 12: a word without quotes where a value belongs "
                + "(a string needs double quotes)", bare);
    }

    @Test
    void a_file_that_is_not_utf8_is_refused_naming_it() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("dokeepalive", ".conf");
        try {
            java.nio.file.Files.write(file, new byte[] {'[', (byte) 0xE9, ']'});
            String e = assertThrows(KeepaliveConfig.Invalid.class, () -> KeepaliveConfig.read(file, json))
                    .getMessage();
            assertEquals(file + ": not UTF-8 text (a byte that is not UTF-8; save it as UTF-8)", e);
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void a_site_is_named_by_its_own_description_else_its_entrys() throws Exception {
        List<KeepaliveConfig.Site> sites = KeepaliveConfig.parse("k.conf", """
                [{"token": "t1", "description": "  shop droplets ", "sites": [
                   {"droplet_id": "1", "host": "203.0.113.10", "port": 443, "interval": "5m"},
                   {"droplet_id": "2", "host": "203.0.113.11", "port": 443, "interval": "5m",
                    "description": "shop, second web server"}]},
                 {"token": "t2", "description": "", "sites": [
                   {"droplet_id": "3", "host": "203.0.113.12", "port": 22, "interval": "5m"}]}]
                """, json);
        assertEquals("shop droplets", sites.get(0).description(), "stripped");
        assertEquals("shop, second web server", sites.get(1).description());
        assertEquals(null, sites.get(2).description(), "a blank description is none");
    }

    @Test
    void a_description_that_is_not_a_short_line_of_text_is_refused_naming_where() {
        String site = "{\"droplet_id\":\"1\",\"host\":\"203.0.113.10\",\"port\":80,\"interval\":\"5m\"";
        assertEquals("bad.conf: entry 1: description must be a string",
                error("[{\"token\":\"t\",\"description\":42,\"sites\":[" + site + "}]}]"));
        assertEquals("bad.conf: entry 1, site 1: description must be a string",
                error("[{\"token\":\"t\",\"sites\":[" + site + ",\"description\":[\"a\"]}]}]"));
        assertEquals("bad.conf: entry 1: description has a control character (a line break, a tab...)",
                error("[{\"token\":\"t\",\"description\":\"two\\nlines\",\"sites\":[" + site + "}]}]"));
        assertEquals("bad.conf: entry 1: description is 201 characters long, more than 200",
                error("[{\"token\":\"t\",\"description\":\"" + "d".repeat(201) + "\",\"sites\":[" + site + "}]}]"));
    }
}
