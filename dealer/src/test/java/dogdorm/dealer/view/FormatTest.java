package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void a_past_moment_reads_as_ago_with_its_exact_utc_time() {
        assertEquals(new Format.When("2026-11-22T11:57:00Z", "2026-11-22 11:57:00 UTC", "3 min ago", false),
                Format.when(Instant.parse("2026-11-22T11:57:00.250Z"), NOW));
    }

    @Test
    void a_moment_to_come_reads_as_in_and_is_marked_ahead() {
        assertEquals(new Format.When("2026-11-22T12:05:00Z", "2026-11-22 12:05:00 UTC", "in 5 min", true),
                Format.when(Instant.parse("2026-11-22T12:05:00.900Z"), NOW));
    }

    @Test
    void a_moment_things_are_due_reads_due_now_once_passed_never_ago() {
        assertEquals(new Format.When("2026-11-22T11:59:00Z", "2026-11-22 11:59:00 UTC", "due now", true),
                Format.until(Instant.parse("2026-11-22T11:59:00Z"), NOW, "checking"));
        assertEquals("in 1 min", Format.until(NOW.plusSeconds(90), NOW, "").text());
        assertEquals(new Format.When("", "", "checking", false), Format.until(null, NOW, "checking"));
    }

    @Test
    void no_moment_reads_as_the_words_given_with_no_time() {
        assertEquals(new Format.When("", "", "never", false), Format.when(null, NOW));
        assertEquals(new Format.When("", "", "checking", false), Format.when(null, NOW, "checking"));
    }

    @Test
    void the_words_grow_from_seconds_to_days() {
        assertEquals("89 s ago", Format.ago(NOW.minusSeconds(89), NOW));
        assertEquals("1 min ago", Format.ago(NOW.minusSeconds(90), NOW));
        assertEquals("2 h ago", Format.ago(NOW.minusSeconds(2 * 3600), NOW));
        assertEquals("2 d ago", Format.ago(NOW.minusSeconds(2 * 86400), NOW));
    }
}
