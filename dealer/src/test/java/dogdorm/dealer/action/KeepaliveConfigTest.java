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
