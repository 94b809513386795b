package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.testkit.LogLines;
import dogdorm.dealer.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class UnknownTokenLimitTest {
    private final MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
    private final LogLines log = new LogLines();
    private final UnknownTokenLimit limit = new UnknownTokenLimit(clock, log);

    private void guess(String address, int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(0, limit.refusedFor(address), "guess " + (i + 1) + " is let through");
            limit.unknown(address);
        }
    }

    @Test
    void thirty_unknown_tokens_a_minute_are_let_through_then_the_address_waits_out_the_minute() {
        guess("203.0.113.9", UnknownTokenLimit.PER_MINUTE);
        clock.advance(Duration.ofSeconds(20));
        assertEquals(40, limit.refusedFor("203.0.113.9"), "refused until a minute after its first guess");
        clock.advance(Duration.ofMillis(39_500));
        assertEquals(1, limit.refusedFor("203.0.113.9"), "half a second is still a second to wait");
        clock.advance(Duration.ofMillis(500));
        assertEquals(0, limit.refusedFor("203.0.113.9"), "a new minute");
        guess("203.0.113.9", UnknownTokenLimit.PER_MINUTE);
        assertTrue(limit.refusedFor("203.0.113.9") > 0);
        assertEquals(3, limit.refused());
    }

    @Test
    void other_addresses_are_not_held_back_and_an_ipv6_host_counts_by_its_64() {
        guess("2001:db8:1:2::10", 20);
        guess("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 10);
        assertTrue(limit.refusedFor("[2001:db8:1:2::77]") > 0, "one /64: one client");
        assertEquals(0, limit.refusedFor("2001:db8:1:3::10"), "the next /64 is another");
        assertEquals(0, limit.refusedFor("198.51.100.1"));
        assertEquals("2001:db8:1:2::/64", UnknownTokenLimit.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("192.0.2.1", UnknownTokenLimit.key("::ffff:192.0.2.1"), "a mapped IPv4 address is the IPv4");
    }

    @Test
    void known_tokens_do_not_count() {
        for (int i = 0; i < 100; i++) {
            assertEquals(0, limit.refusedFor("203.0.113.9"), "a cron job pinging its own token");
        }
        assertEquals(0, limit.refused());
    }

    @Test
    void the_warning_names_the_address_and_the_count_once_a_minute() {
        guess("203.0.113.9", UnknownTokenLimit.PER_MINUTE);
        for (int i = 0; i < 200; i++) {
            limit.refusedFor("203.0.113.9");
        }
        assertEquals(List.of(new LogLines.Line(Level.WARN, "heartbeat pings: 30 with unknown tokens from 203.0.113.9 "
                + "within a minute: its pings are refused (429) until 2026-12-06T10:01:00Z", null)), log.lines());
        clock.advance(Duration.ofMinutes(1));
        guess("203.0.113.9", UnknownTokenLimit.PER_MINUTE);
        limit.refusedFor("203.0.113.9");
        assertEquals("heartbeat pings: 30 with unknown tokens from 203.0.113.9 within a minute: its pings are "
                + "refused (429) until 2026-12-06T10:02:00Z (199 more like it since 2026-12-06T10:00:00Z not logged)",
                log.lines().get(1).text(), "the next minute's line counts the refusals left out");
    }
}
