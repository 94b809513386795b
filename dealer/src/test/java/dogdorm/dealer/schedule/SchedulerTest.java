package dogdorm.dealer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final Duration HOUR = Duration.ofHours(1);

    private final Scheduler scheduler = new Scheduler(new Scheduler.Settings(HOUR, Duration.ofSeconds(120), HOUR,
            Duration.ofMinutes(1)), new Random(7));

    private static List<Kind> tcp() {
        return List.of(Kind.TCP);
    }

    private Unit put(String key, long due) {
        return scheduler.put(key, Kind.TCP, 4, new long[] {Long.parseLong(key.substring(1))}, null, due, T0);
    }

    @Test
    void deals_the_earliest_due_first_and_nothing_before_it_is_due() {
        put("#1", T0 + 30);
        put("#2", T0 + 10);
        put("#3", T0 + 20);
        assertTrue(scheduler.deal(tcp(), List.of(4), 10, "w", null, T0 + 5).isEmpty());
        List<Lease> dealt = scheduler.deal(tcp(), List.of(4), 10, "w", null, T0 + 25);
        assertEquals(List.of("#2", "#3"), dealt.stream().map(l -> l.unit().key()).toList());
    }

    @Test
    void only_asked_kinds_and_families_are_dealt() {
        scheduler.put("#1", Kind.TCP, 6, new long[] {1}, null, T0, T0);
        scheduler.put("#2", Kind.NTP, 4, new long[] {2}, null, T0, T0);
        assertTrue(scheduler.deal(tcp(), List.of(4), 10, "w", null, T0).isEmpty());
        assertEquals("#1", scheduler.deal(tcp(), List.of(4, 6), 10, "w", null, T0).get(0).unit().key());
        assertEquals("#2", scheduler.deal(List.of(Kind.NTP), List.of(4), 10, "w", null, T0).get(0).unit().key());
    }

    @Test
    void a_leased_unit_is_not_dealt_twice() {
        put("#1", T0);
        assertEquals(1, scheduler.deal(tcp(), List.of(4), 10, "a", null, T0).size());
        assertTrue(scheduler.deal(tcp(), List.of(4), 10, "b", null, T0 + 1000).isEmpty());
    }

    @Test
    void answered_lease_makes_the_unit_due_one_interval_after_its_previous_due_time() {
        Unit u = put("#1", T0);
        Lease l = scheduler.deal(tcp(), List.of(4), 1, "w", null, T0 + 500).get(0);
        assertTrue(scheduler.answered(l, 1, false, T0 + 700));
        assertEquals(T0 + HOUR.toMillis(), u.dueAt());
        assertNull(scheduler.lease(l.id()));
        assertEquals("lease already answered", scheduler.whyNotLive(l.id()));
    }

    @Test
    void a_unit_more_than_an_interval_late_starts_a_new_phase() {
        Unit u = put("#1", T0);
        long late = T0 + 3 * HOUR.toMillis();
        Lease l = scheduler.deal(tcp(), List.of(4), 1, "w", null, late).get(0);
        scheduler.answered(l, 1, false, late);
        assertEquals(late + HOUR.toMillis(), u.dueAt());
    }

    @Test
    void expired_lease_is_dealt_again() {
        put("#1", T0);
        Lease first = scheduler.deal(tcp(), List.of(4), 1, "a", null, T0).get(0);
        assertTrue(scheduler.expire(T0 + 119_999).isEmpty());
        List<Lease> expired = scheduler.expire(T0 + 120_000);
        assertEquals(List.of(first), expired);
        assertEquals("lease expired", scheduler.whyNotLive(first.id()));
        Lease second = scheduler.deal(tcp(), List.of(4), 1, "b", null, T0 + 120_000).get(0);
        assertEquals("#1", second.unit().key());
        assertNotEquals(first.id(), second.id());
        // the late answer to the first lease is not taken
        assertNull(scheduler.lease(first.id()));
    }

    @Test
    void a_fault_makes_the_unit_due_again_soon() {
        Unit u = put("#1", T0);
        Lease l = scheduler.deal(tcp(), List.of(4), 1, "w", null, T0).get(0);
        scheduler.answered(l, 1, true, T0 + 10);
        assertEquals(T0 + 10 + 60_000, u.dueAt());
    }

    @Test
    void a_re_check_goes_to_another_worker_when_one_is_around_and_to_anyone_a_retry_interval_later() {
        Unit u = put("#1", T0);
        put("#2", T0 + 30_000);
        Lease l = scheduler.deal(tcp(), List.of(4), 1, "w-ams", null, T0).get(0);
        scheduler.answered(l, 1, true, T0 + 10); // in doubt: due again a minute later
        long due = u.dueAt();
        assertEquals(List.of("#2"), keys(scheduler.deal(tcp(), List.of(4), 5, "w-ams", null, due, true).leases()),
                "held back from the worker that doubted it; the next due unit is dealt");
        assertEquals(1, scheduler.dueCount(due), "still queued, still due");
        List<Lease> other = scheduler.deal(tcp(), List.of(4), 5, "w-nyc", null, due + 1, true).leases();
        assertEquals(List.of("#1"), keys(other));

        scheduler.answered(other.get(0), 1, true, due + 10);
        long next = u.dueAt();
        assertEquals(List.of("#1"), keys(scheduler.deal(tcp(), List.of(4), 5, "w-nyc", null, next, false).leases()),
                "alone: the same worker re-checks");
    }

    @Test
    void a_held_back_re_check_goes_to_its_worker_after_one_more_retry_interval() {
        Unit u = put("#1", T0);
        Lease l = scheduler.deal(tcp(), List.of(4), 1, "w-ams", null, T0).get(0);
        scheduler.answered(l, 1, true, T0 + 10);
        long due = u.dueAt();
        Scheduler.Deal held = scheduler.deal(tcp(), List.of(4), 5, "w-ams", null, due + 59_999, true);
        assertEquals(List.of(), keys(held.leases()));
        assertEquals(due + 60_000, held.next(), "it may ask again when the hold ends, not poll before");
        assertEquals(List.of("#1"), keys(scheduler.deal(tcp(), List.of(4), 5, "w-ams", null, due + 60_000, true)
                .leases()), "no other worker took it in time");
    }

    @Test
    void a_held_back_worker_is_told_of_the_next_unit_it_may_take_when_that_comes_before_the_hold_ends() {
        Unit u = put("#1", T0);
        put("#2", T0 + 90_000);
        Lease l = scheduler.deal(tcp(), List.of(4), 1, "w-ams", null, T0).get(0);
        scheduler.answered(l, 1, true, T0 + 10); // #1 due again at T0 + 60,010, held from w-ams until T0 + 120,010
        Scheduler.Deal held = scheduler.deal(tcp(), List.of(4), 5, "w-ams", null, u.dueAt(), true);
        assertEquals(List.of(), keys(held.leases()));
        assertEquals(T0 + 90_000, held.next(), "#2 comes due before #1's hold ends");
        assertEquals(1, scheduler.dueCount(u.dueAt()), "#1 is queued again after the deal");
    }

    private static List<String> keys(List<Lease> leases) {
        return leases.stream().map(x -> x.unit().key()).toList();
    }

    @Test
    void a_group_lease_finishes_only_when_every_member_has_an_answer() {
        scheduler.put("g", Kind.TCP, 4, new long[] {1, 2, 3}, null, T0, T0);
        Lease l = scheduler.deal(tcp(), List.of(4), 1, "w", null, T0).get(0);
        assertFalse(scheduler.answered(l, 1, false, T0));
        assertFalse(scheduler.answered(l, 1, false, T0), "a second answer for a member does not count");
        assertFalse(scheduler.answered(l, 3, false, T0));
        assertTrue(scheduler.answered(l, 2, false, T0));
    }

    @Test
    void first_checks_of_a_fresh_import_are_spread_over_the_interval() {
        Set<Long> seconds = new HashSet<>();
        List<Long> dues = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            Unit u = scheduler.put("#" + i, Kind.TCP, 4, new long[] {i}, null, null, T0);
            dues.add(u.dueAt());
            seconds.add((u.dueAt() - T0) / 1000);
        }
        assertTrue(dues.stream().allMatch(d -> d >= T0 && d < T0 + HOUR.toMillis()));
        // 1000 targets over 3600 seconds: nowhere near all in the same second
        assertTrue(seconds.size() > 700, "distinct seconds: " + seconds.size());
        long firstQuarter = dues.stream().filter(d -> d < T0 + HOUR.toMillis() / 4).count();
        assertTrue(firstQuarter > 150 && firstQuarter < 350, "first quarter: " + firstQuarter);
    }

    @Test
    void removed_unit_is_never_dealt() {
        put("#1", T0);
        scheduler.remove("#1");
        assertTrue(scheduler.deal(tcp(), List.of(4), 10, "w", null, T0 + 1).isEmpty());
        assertEquals(0, scheduler.unitCount());
    }

    @Test
    void due_and_leased_counts_follow_the_queues() {
        put("#1", T0);
        put("#2", T0 + 10);
        put("#3", T0 + 10_000);
        assertEquals(2, scheduler.dueCount(T0 + 10));
        scheduler.deal(tcp(), List.of(4), 1, "w", null, T0 + 10);
        assertEquals(1, scheduler.dueCount(T0 + 10));
        assertEquals(1, scheduler.leasedCount());
        assertEquals(T0 + 10, scheduler.nextDue(tcp(), List.of(4)));
    }

    @Test
    void heap_stays_ordered_through_many_random_changes() {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            put("#" + i, T0 + r.nextInt(100_000));
        }
        for (int i = 0; i < 500; i++) {
            scheduler.retime("#" + r.nextInt(2000), T0 + r.nextInt(100_000));
            scheduler.remove("#" + r.nextInt(2000));
        }
        long last = Long.MIN_VALUE;
        int n = 0;
        List<Lease> all = scheduler.deal(tcp(), List.of(4), 5000, "w", null, T0 + 100_000);
        for (Lease l : all) {
            assertTrue(l.unit().dueAt() >= last, "dealt out of order");
            last = l.unit().dueAt();
            n++;
        }
        assertEquals(scheduler.unitCount(), n);
    }
}
