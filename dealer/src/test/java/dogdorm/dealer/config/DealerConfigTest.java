package dogdorm.dealer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Durations;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one place where the dealer's options get their defaults and are checked. */
class DealerConfigTest {
    private static String refused(DealerConfig.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void the_builder_starts_from_the_defaults_the_command_line_shows() {
        DealerConfig c = DealerConfig.builder().build();
        assertEquals(Durations.parse(Defaults.INTERVAL), c.interval());
        assertEquals(Durations.parse(Defaults.LEASE_TIMEOUT), c.leaseTimeout());
        assertEquals(Integer.parseInt(Defaults.FAIL_THRESHOLD), c.failThreshold());
        assertEquals(Defaults.BIND, c.bind());
        assertEquals(Integer.parseInt(Defaults.PORT), c.port());
        assertEquals(c.interval(), c.spreadOrInterval(), "the spread is the interval unless set");
        assertEquals("admin", c.adminUser());
        assertNull(c.adminPassword());
    }

    @Test
    void bind_must_be_an_ip_address_or_localhost() {
        for (String bad : new String[] {"999.1.1.1", "myhost", "0.0.0.0.0"}) {
            assertEquals("--bind '" + bad + "' is not an IP address to listen on (e.g. 127.0.0.1, 0.0.0.0 or ::)",
                    refused(DealerConfig.builder().bind(bad)));
        }
        assertEquals("localhost", DealerConfig.builder().bind("localhost").build().bind());
        assertEquals("::1", DealerConfig.builder().bind("::1").build().bind());
    }

    @Test
    void each_bad_value_is_refused_naming_its_option() {
        assertEquals("--fail-threshold and --recover-threshold must be at least 1",
                refused(DealerConfig.builder().failThreshold(0)));
        assertEquals("--reboot-after must be at least 1", refused(DealerConfig.builder().rebootAfter(0)));
        assertEquals("--port: 70000 is outside 0..65535", refused(DealerConfig.builder().port(70000)));
        assertEquals("--lease-timeout: at least 5s (probes take up to 5s)",
                refused(DealerConfig.builder().leaseTimeout(Duration.ofSeconds(2))));
        assertEquals("--interval: 0s is not a positive duration",
                refused(DealerConfig.builder().interval(Duration.ZERO)));
        assertEquals("--admin-user needs --admin-password-file",
                assertThrows(IllegalArgumentException.class, () -> DealerConfig.builder().admin("root", null))
                        .getMessage());
    }

    @Test
    void an_empty_worker_token_is_refused() {
        for (String empty : new String[] {"", " "}) {
            assertEquals("--worker-token is empty: workers could not send it (give a token, or leave the option out "
                    + "to serve only workers on this host)", refused(DealerConfig.builder().workerToken(empty)));
        }
    }

    @Test
    void url_must_be_an_http_address_without_user_query_or_fragment() {
        for (String bad : new String[] {"ftp://dealer:8000", "dealer:8000", "http://admin:pw@dealer:8000",
                "http://dealer:8000/?x=1", "http://dealer:8000/#top", "/servers"}) {
            assertTrue(refused(DealerConfig.builder().url(URI.create(bad))).startsWith("--url '" + bad
                    + "' is not an http(s)://host[:port] address"), bad);
        }
        assertEquals(URI.create("https://dealer-a.example:8443"),
                DealerConfig.builder().url(URI.create("https://dealer-a.example:8443")).build().url());
    }

    @Test
    void a_non_loopback_bind_needs_admin_credentials() {
        assertTrue(refused(DealerConfig.builder().bind("0.0.0.0")).startsWith(
                "--bind 0.0.0.0 is not a loopback address"));
        assertEquals("0.0.0.0", DealerConfig.builder().bind("0.0.0.0").admin("root", "pw").build().bind());
    }

    @Test
    void only_literal_loopback_binds_count_as_loopback() {
        for (String bind : new String[] {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", " 127.0.0.1 "}) {
            assertTrue(DealerConfig.isLoopbackBind(bind), bind);
        }
        for (String bind : new String[] {"0.0.0.0", "::", "10.0.0.1", "example.com", "127.0.0.1.example", "", null}) {
            assertFalse(DealerConfig.isLoopbackBind(bind), String.valueOf(bind));
        }
    }

    @Test
    void the_admin_password_is_not_in_its_text() {
        assertFalse(DealerConfig.builder().admin("root", "s3cret").build().toString().contains("s3cret"));
    }
}
