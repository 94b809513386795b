package dogdorm.dealer.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.testkit.MutableClock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which window a target is in, found by its id and its list file. */
class WindowsTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final Windows windows = new Windows(clock);

    private static Window once(long id, String name, Scope scope, String start, String end) {
        return new Window(id, name, scope, new Times.Once(Instant.parse(start), Instant.parse(end), UTC),
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void a_target_is_in_the_window_that_names_it_or_its_list_and_no_other() {
        windows.put(once(1, "nas", Scope.target(7), "2026-11-22T09:00:00Z", "2026-11-22T11:00:00Z"));
        windows.put(once(2, "", Scope.list("home_tcp_v4.csv"), "2026-11-22T09:30:00Z", "2026-11-22T12:00:00Z"));
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        assertEquals(new Windows.Active(1, "nas", Instant.parse("2026-11-22T11:00:00Z")),
                windows.active(7, "tcp_v4.csv", at));
        assertEquals(new Windows.Active(2, "window #2", Instant.parse("2026-11-22T12:00:00Z")),
                windows.active(7, "home_tcp_v4.csv", at), "of two, the one that ends last");
        assertEquals(2, windows.active(8, "home_tcp_v4.csv", at).window());
        assertNull(windows.active(8, "tcp_v4.csv", at));
        assertNull(windows.active(8, null, at), "a target from no file: only its own windows");
        assertFalse(windows.covers(7, "tcp_v4.csv", List.of(), Instant.parse("2026-11-22T11:00:00Z")));
        assertEquals(Instant.parse("2026-11-22T11:00:00Z"),
                windows.lastEnd(7, "tcp_v4.csv", List.of(), Instant.parse("2026-11-22T11:30:00Z")));
        assertEquals(windows.active(7, "tcp_v4.csv", clock.instant()),
                windows.activeNow(7, "tcp_v4.csv", List.of()));
    }

    @Test
    void a_tags_window_covers_every_target_with_that_tag_whatever_its_list() {
        windows.put(once(1, "nas firmware", Scope.tag("nas"), "2026-11-22T09:00:00Z", "2026-11-22T11:00:00Z"));
        windows.put(once(2, "home", Scope.tag("home"), "2026-11-22T09:00:00Z", "2026-11-22T13:00:00Z"));
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        assertEquals(1, windows.active(7, "tcp_v4.csv", List.of("nas"), at).window());
        assertEquals(1, windows.active(8, null, List.of("nas", "office"), at).window(), "a target from no file too");
        assertEquals(2, windows.active(9, "ping_v4.csv", List.of("home", "nas"), at).window(),
                "of two, the one that ends last");
        assertNull(windows.active(7, "tcp_v4.csv", List.of("office"), at));
        assertNull(windows.active(7, "tcp_v4.csv", at), "no tags: no tag's window");
        assertEquals(Instant.parse("2026-11-22T11:00:00Z"),
                windows.lastEnd(7, null, List.of("nas"), Instant.parse("2026-11-22T12:00:00Z")));
    }

    @Test
    void a_removed_window_covers_nothing_and_its_id_is_never_given_again() {
        windows.load(new Windows.Stored(List.of(once(4, "x", Scope.target(7), "2026-11-22T09:00:00Z",
                "2026-11-22T11:00:00Z")), 6));
        assertTrue(windows.covers(7, null, List.of(), clock.instant()));
        assertTrue(windows.remove(4));
        assertFalse(windows.remove(4));
        assertFalse(windows.covers(7, null, List.of(), clock.instant()));
        assertEquals(7, windows.nextId(), "6 was given before the restart, though no window has it");
        assertEquals(List.of(), windows.all());
    }
}
