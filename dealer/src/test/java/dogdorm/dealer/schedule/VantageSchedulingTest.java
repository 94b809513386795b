package dogdorm.dealer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dealing a group to K distinct locations each round (the scheduler's side of checking from several places). */
class VantageSchedulingTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long INTERVAL = 60_000;

    private final Scheduler scheduler = new Scheduler(new Scheduler.Settings(Duration.ofMillis(INTERVAL),
            Duration.ofSeconds(120), Duration.ofSeconds(1), Duration.ofSeconds(10)), new Random(7));

    private void put(String key, int k) {
        scheduler.put(key, Task.CHECK, Kind.TCP, 4, new long[] {Long.parseLong(key.substring(1))}, null, T0, T0, k);
    }

    private List<Lease> ask(String worker, String location, long now) {
        scheduler.placeSeen(location, now);
        return scheduler.deal(List.of(Kind.TCP), List.of(4), 100, worker, location, now);
    }

    private static List<String> groups(List<Lease> leases) {
        return leases.stream().map(l -> l.unit().key().substring(0, l.unit().key().indexOf('@'))).sorted().toList();
    }

    @Test
    void each_round_a_group_goes_once_to_each_of_k_locations_and_never_twice_to_one() {
        for (String loc : List.of("ams", "nyc", "sin", "syd")) {
            scheduler.placeSeen(loc, T0);
        }
        for (int i = 1; i <= 8; i++) {
            put("#" + i, 3);
        }
        Map<String, Integer> perLocation = new HashMap<>();
        Map<String, List<String>> byGroup = new HashMap<>();
        for (String loc : List.of("ams", "nyc", "sin", "syd")) {
            // two workers in one location share its slots: still one lease per group and location
            List<Lease> dealt = new ArrayList<>(ask("w1-" + loc, loc, T0 + 1));
            dealt.addAll(ask("w2-" + loc, loc, T0 + 2));
            perLocation.put(loc, dealt.size());
            for (Lease l : dealt) {
                assertEquals(loc, l.unit().location());
                byGroup.computeIfAbsent(groups(List.of(l)).get(0), g -> new ArrayList<>()).add(loc);
            }
        }
        assertEquals(8, byGroup.size());
        for (var e : byGroup.entrySet()) {
            assertEquals(3, e.getValue().size(), e.getKey() + " went to " + e.getValue());
            assertEquals(3, e.getValue().stream().distinct().count(), e.getKey() + " went to " + e.getValue());
        }
        assertEquals(24, perLocation.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(perLocation.values().stream().allMatch(n -> n == 6), "spread evenly: " + perLocation);
        assertEquals(List.of(), ask("w1-ams", "ams", T0 + 30_000), "nothing more this round");
    }

    @Test
    void an_answered_slot_is_due_again_in_its_own_location_one_interval_later() {
        scheduler.placeSeen("ams", T0);
        scheduler.placeSeen("nyc", T0);
        put("#1", 2);
        Lease ams = ask("w-ams", "ams", T0).get(0);
        Lease nyc = ask("w-nyc", "nyc", T0).get(0);
        scheduler.answered(ams, 1, false, T0 + 100);
        scheduler.answered(nyc, 1, false, T0 + 100);
        assertEquals(List.of(), ask("w-ams", "ams", T0 + INTERVAL - 1));
        assertEquals(List.of("#1"), groups(ask("w-ams", "ams", T0 + INTERVAL)));
        assertEquals(List.of("#1"), groups(ask("w-nyc", "nyc", T0 + INTERVAL)));
    }

    @Test
    void with_fewer_live_locations_than_k_it_uses_what_there_is_and_says_so_until_another_comes() {
        put("#1", 3);
        assertNull(scheduler.unit("#1"), "no location yet: nothing to deal");
        assertEquals(List.of(), scheduler.vantage("#1").locations());
        assertEquals(List.of("#1"), groups(ask("w-ams", "ams", T0)));
        assertEquals(List.of("#1"), groups(ask("w-nyc", "nyc", T0)));
        Scheduler.Vantage v = scheduler.vantage("#1");
        assertEquals(List.of("ams", "nyc"), v.locations());
        assertTrue(v.degraded());
        assertEquals(List.of("#1"), groups(ask("w-sin", "sin", T0 + 5)), "a third location gets this round's check");
        assertFalse(scheduler.vantage("#1").degraded());
        assertEquals(List.of(), ask("w-syd", "syd", T0 + 5), "a fourth gets none: three is enough");
    }

    @Test
    void a_location_that_stops_asking_hands_its_slots_to_a_live_one_the_group_does_not_use() {
        for (String loc : List.of("ams", "nyc", "sin")) {
            scheduler.placeSeen(loc, T0);
        }
        put("#1", 2);
        List<String> first = scheduler.vantage("#1").locations();
        assertEquals(List.of("ams", "nyc"), first, "the least loaded, by name on a tie");
        long later = T0 + scheduler.placeTimeoutMs() + 1;
        scheduler.placeSeen("ams", later);
        scheduler.placeSeen("sin", later);
        scheduler.expire(later);
        assertEquals(List.of("ams", "sin"), scheduler.vantage("#1").locations(), "nyc went quiet");
        assertEquals(List.of("ams", "sin"), scheduler.places());
    }

    @Test
    void ordinary_units_still_go_to_any_worker_anywhere_and_k_can_change() {
        scheduler.placeSeen("ams", T0);
        scheduler.placeSeen("nyc", T0);
        scheduler.put("#1", Kind.TCP, 4, new long[] {1}, null, T0, T0);
        assertEquals("#1", ask("w-nyc", "nyc", T0).get(0).unit().key());
        assertNull(scheduler.vantage("#1"));
        put("#2", 2);
        put("#2", 1);
        assertNull(scheduler.vantage("#2"), "back to one location: an ordinary unit");
        assertEquals(List.of("#2"), ask("w-ams", "ams", T0).stream().map(l -> l.unit().key()).toList());
        assertEquals(2, scheduler.unitCount());
    }
}
