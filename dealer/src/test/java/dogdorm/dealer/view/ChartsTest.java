package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.ranking.UptimeBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChartsTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:30:00Z");
    static final long HOUR = UptimeBucket.hourOf(NOW);

    /** Hourly buckets, all up, for the last {@code hours} hours up to now. */
    static List<UptimeBucket> hours(int hours) {
        List<UptimeBucket> out = new ArrayList<>();
        for (long h = HOUR - hours + 1; h <= HOUR; h++) {
            out.add(new UptimeBucket(1, h, 6, 0, 12.0, 6));
        }
        return out;
    }

    @Test
    void a_target_checked_for_an_hour_gets_a_24_hour_chart_not_a_sliver_of_a_week() {
        Charts.Window w = Charts.window(hours(1), HOUR, 7 * 24, 24);
        assertEquals(new Charts.Window(HOUR - 23, 24, true), w);
        TargetPage.Chart c = TargetPage.chart(hours(1), HOUR, 7 * 24, 24, "hour", NOW);
        assertEquals("Last 24 hours", c.title());
        assertEquals("2026-11-22T12:00:00Z", c.collectingSince().iso());
        Matcher bar = Pattern.compile("<rect class=\"bar\" x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"")
                .matcher(c.svg());
        assertTrue(bar.find(), c.svg());
        assertEquals(27.2, Double.parseDouble(bar.group(1)), 0.05, "a 24th of the chart, less a pixel");
    }

    @Test
    void a_target_checked_for_three_days_gets_those_three_days() {
        assertEquals(new Charts.Window(HOUR - 71, 72, true), Charts.window(hours(72), HOUR, 7 * 24, 24));
        assertEquals("Last 3 days", TargetPage.chart(hours(72), HOUR, 7 * 24, 24, "hour", NOW).title());
        assertEquals("Last 30 hours", TargetPage.chart(hours(30), HOUR, 7 * 24, 24, "hour", NOW).title());
    }

    @Test
    void a_target_checked_all_week_gets_the_whole_week_and_no_note() {
        assertEquals(new Charts.Window(HOUR - 167, 168, false), Charts.window(hours(200), HOUR, 7 * 24, 24));
        TargetPage.Chart c = TargetPage.chart(hours(200), HOUR, 7 * 24, 24, "hour", NOW);
        assertEquals("Last 7 days", c.title());
        assertNull(c.collectingSince());
    }

    @Test
    void a_target_never_checked_gets_the_empty_week() {
        assertEquals(new Charts.Window(HOUR - 167, 168, false), Charts.window(List.of(), HOUR, 7 * 24, 24));
        List<UptimeBucket> empty = List.of(new UptimeBucket(1, HOUR, 0, 0, 0, 0));
        assertEquals(new Charts.Window(HOUR - 167, 168, false), Charts.window(empty, HOUR, 7 * 24, 24),
                "a bucket without checks is no data");
    }
}
