package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.testkit.LogLines;
import dogdorm.dealer.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class RateLimitedLogTest {
    private final MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
    private final LogLines log = new LogLines();
    private final RateLimitedLog quiet = new RateLimitedLog(log, clock, Duration.ofMinutes(1));

    @Test
    void a_kind_is_logged_once_a_minute_and_the_next_line_counts_what_was_left_out() {
        assertTrue(quiet.warn("body cut short", "first"));
        for (int i = 0; i < 500; i++) {
            clock.advance(Duration.ofMillis(100));
            assertFalse(quiet.warn("body cut short", "again " + i));
        }
        assertEquals(List.of(new LogLines.Line(Level.WARN, "first", null)), log.lines(), "500 more within 50 s");
        clock.set(clock.instant().plusSeconds(10)); // 60 s after the first line
        assertTrue(quiet.warn("body cut short", "later"));
        assertEquals("later (500 more like it since 2026-12-06T10:00:00Z not logged)", log.lines().get(1).text());
        assertFalse(quiet.warn("body cut short", "and again"), "a new minute starts at the second line");
    }

    @Test
    void kinds_are_limited_each_on_their_own() {
        assertTrue(quiet.warn("a", "a1"));
        assertTrue(quiet.warn("b", "b1"));
        assertFalse(quiet.warn("a", "a2"));
        assertEquals(List.of("a1", "b1"), log.lines().stream().map(LogLines.Line::text).toList());
    }

    @Test
    void warnings_carry_no_stack_trace_and_errors_carry_theirs() {
        IllegalStateException boom = new IllegalStateException("boom");
        quiet.warn("w", "a warning");
        quiet.error("e", "an error", boom);
        assertEquals(Level.WARN, log.lines().get(0).level());
        assertNull(log.lines().get(0).thrown());
        assertEquals(Level.ERROR, log.lines().get(1).level());
        assertSame(boom, log.lines().get(1).thrown());
        assertFalse(quiet.error("e", "the same error", boom), "errors are limited too");
    }

    @Test
    void kinds_past_the_memory_are_forgotten_oldest_first() {
        for (int i = 0; i <= RateLimitedLog.MAX_KINDS; i++) {
            quiet.warn("kind " + i, "line " + i);
        }
        assertTrue(quiet.warn("kind 0", "kind 0 again"), "the oldest kind was forgotten: logged again at once");
        assertFalse(quiet.warn("kind " + RateLimitedLog.MAX_KINDS, "the newest is still remembered"));
    }
}
