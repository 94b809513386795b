package dogdorm.dealer.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dogdorm.dealer.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final List<String> previous = new ArrayList<>();
    private int builds;
    private final Cached<String> cached = new Cached<>(clock, Duration.ofSeconds(5), prev -> {
        previous.add(prev);
        return "v" + ++builds;
    });

    @Test
    void a_value_is_shared_until_it_is_max_age_old() {
        assertEquals("v1", cached.get());
        clock.advance(Duration.ofMillis(4_999));
        assertEquals("v1", cached.get());
        clock.advance(Duration.ofMillis(1));
        assertEquals("v2", cached.get());
        assertEquals("v2", cached.get());
        assertEquals(2, builds);
    }

    @Test
    void invalidating_rebuilds_at_once_and_hands_the_builder_the_old_value() {
        assertEquals("v1", cached.get());
        cached.invalidate();
        assertEquals("v2", cached.get());
        assertNull(previous.get(0), "the first build has nothing before it");
        assertEquals("v1", previous.get(1));
    }
}
