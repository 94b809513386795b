package dogdorm.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s,30", "5m,300", "36h,129600", "2d,172800", "1h30m,5400", "1w,604800", "1d2h3m4s,93784",
            " 10S ,10", "90m,5400"})
    void accepts_single_units_and_sums(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Durations.parse(text));
    }

    @Test
    void accepts_milliseconds() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0", "0m0s", "-5m", ""})
    void refuses_zero_negative_and_empty(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().matches(".*(zero|negative|empty|not understood).*"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5x", "1.5h", "h", "5 m", "1h30", "m5", "5mm"})
    void refuses_unknown_units_naming_the_text(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void refuses_overflow_with_a_message() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("99999999999999999999d"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999d", "36501d", "5215w", "3153600001s", "36500d1ms"})
    void refuses_more_than_100_years_before_any_arithmetic_overflows(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals("duration '" + text + "' is too large: at most 36500d (100 years)", e.getMessage());
    }

    @Test
    void takes_100_years_exactly() {
        assertEquals(Durations.MAX, Durations.parse("36500d"));
        assertEquals(Durations.MAX.toNanos(), Durations.parse("36500d").toNanos(), "fits in nanoseconds");
    }

    @Test
    void formats_in_the_same_syntax() {
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("2d", Durations.format(Duration.ofDays(2)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        for (String s : new String[] {"30s", "5m", "36h", "1d2h3m4s", "1s500ms"}) {
            assertEquals(Durations.parse(s), Durations.parse(Durations.format(Durations.parse(s))));
        }
    }
}
