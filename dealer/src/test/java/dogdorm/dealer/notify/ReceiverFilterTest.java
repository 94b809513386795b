package dogdorm.dealer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Which events a receiver's filter lets through, and the filters it refuses. */
class ReceiverFilterTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    /** Target 1 is a tcp_v4.csv row; target 2 a stun_v6.csv row; no other target exists. */
    private static final LongFunction<Subject> SUBJECTS = id -> id == 1 ? new Subject("tcp_v4.csv", Set.of("tcp", "v4"))
            : id == 2 ? new Subject("stun_v6.csv", Set.of("stun", "v6")) : null;

    private static Event event(String type, Long target) {
        return new Event(1, type, T0, type, target == null ? Map.of() : Map.of("target", target));
    }

    private static ReceiverFilter filter(List<Long> targets, List<String> lists, List<String> tags,
                                         List<String> events) {
        return new ReceiverFilter(targets, lists, tags, events);
    }

    @Test
    void no_filter_takes_every_event_with_or_without_a_target() {
        for (String type : Event.TYPES) {
            assertTrue(ReceiverFilter.EVERYTHING.takes(event(type, 1L), SUBJECTS), type);
            assertTrue(ReceiverFilter.EVERYTHING.takes(event(type, null), SUBJECTS), type);
        }
        assertTrue(ReceiverFilter.EVERYTHING.everything());
        assertEquals("everything", ReceiverFilter.EVERYTHING.describe());
    }

    @Test
    void event_types_are_named_or_grouped_with_a_star() {
        ReceiverFilter f = filter(null, null, null, List.of("target.down", "heartbeat.*"));
        assertTrue(f.takes(event("target.down", 1L), SUBJECTS));
        assertFalse(f.takes(event("target.up", 1L), SUBJECTS));
        assertTrue(f.takes(event("heartbeat.down", null), SUBJECTS));
        assertTrue(f.takes(event("heartbeat.up", null), SUBJECTS));
        assertFalse(f.takes(event("dealer.flush_failing", null), SUBJECTS));
    }

    @Test
    void a_target_is_taken_by_its_id_its_list_or_one_of_its_tags() {
        assertTrue(filter(List.of(2L), null, null, null).takes(event("target.down", 2L), SUBJECTS));
        assertFalse(filter(List.of(2L), null, null, null).takes(event("target.down", 1L), SUBJECTS));
        assertTrue(filter(null, List.of("tcp_v4.csv"), null, null).takes(event("target.up", 1L), SUBJECTS));
        assertFalse(filter(null, List.of("tcp_v4.csv"), null, null).takes(event("target.up", 2L), SUBJECTS));
        assertTrue(filter(null, null, List.of("stun"), null).takes(event("remediation.sent", 2L), SUBJECTS));
        assertFalse(filter(null, null, List.of("stun"), null).takes(event("target.down", 1L), SUBJECTS));
        ReceiverFilter any = filter(List.of(9L), List.of("tcp_v4.csv"), List.of("stun"), null);
        assertTrue(any.takes(event("target.down", 1L), SUBJECTS), "by its list");
        assertTrue(any.takes(event("target.down", 2L), SUBJECTS), "by its tag");
        assertFalse(any.takes(event("target.down", 7L), SUBJECTS), "no such target");
    }

    @Test
    void a_filter_for_some_targets_hears_nothing_about_no_target_and_types_narrow_it_further() {
        ReceiverFilter f = filter(null, List.of("tcp_v4.csv"), null, List.of("target.down"));
        assertFalse(f.takes(event("heartbeat.down", null), SUBJECTS));
        assertFalse(f.takes(event("dealer.flush_failing", null), SUBJECTS));
        assertTrue(f.takes(event("target.down", 1L), SUBJECTS));
        assertFalse(f.takes(event("target.up", 1L), SUBJECTS));
        assertEquals("target.down of list tcp_v4.csv", f.describe());
    }

    @Test
    void values_are_sorted_once_each_and_bad_ones_are_refused_naming_the_field() {
        ReceiverFilter f = filter(List.of(3L, 1L, 3L), List.of(" b.csv", "a.csv"), null, null);
        assertEquals(List.of(1L, 3L), f.targets());
        assertEquals(List.of("a.csv", "b.csv"), f.lists());
        assertEquals("filter.events: 'target.sideways' is not an event type (one of target.down, target.up, "
                + "target.regional, heartbeat.down, heartbeat.up, remediation.sent, remediation.succeeded, "
                + "remediation.failed, dealer.flush_failing, dealer.flush_ok, or a group such as target.*)",
                assertThrows(IllegalArgumentException.class,
                        () -> filter(null, null, null, List.of("target.sideways"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> filter(null, null, null, List.of("nope.*")))
                .getMessage().startsWith("filter.events: 'nope.*'"));
        assertEquals("filter.targets: 0 is not a target id", assertThrows(IllegalArgumentException.class,
                () -> filter(List.of(0L), null, null, null)).getMessage());
        assertEquals("filter.tags[1]: blank", assertThrows(IllegalArgumentException.class,
                () -> filter(null, null, List.of("a", " "), null)).getMessage());
    }

    @Test
    void a_persons_tags_follow_the_tag_rules_and_a_stored_odd_one_still_loads() {
        assertEquals(List.of("nas"), ReceiverFilter.checked(null, null, List.of("NAS", "nas"), null).tags());
        assertEquals("filter.tags[0]: 'home lab' is not a tag (1 to 32 letters, digits, '-', '_' or '.', beginning "
                + "with a letter or a digit)", assertThrows(IllegalArgumentException.class,
                () -> ReceiverFilter.checked(null, null, List.of("home lab"), null)).getMessage());
        // saved before tags had rules: it loads (a dealer must start), lowered, and matches no target
        ReceiverFilter old = filter(null, null, List.of("Home Lab"), null);
        assertEquals(List.of("home lab"), old.tags());
        assertFalse(old.takes(event("target.down", 1L), SUBJECTS));
    }
}
