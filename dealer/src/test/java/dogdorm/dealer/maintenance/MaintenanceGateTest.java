package dogdorm.dealer.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.testkit.Cores;
import dogdorm.dealer.testkit.Flushes;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.Specs;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The state core with maintenance windows: a failure inside one opens no incident and tells no listener (the
 * notifications listen there), the target shows "maintenance" over what the checks say, the uptime history leaves
 * the window out, and a target still down when the window ends gets its incident from the window's end. Checks
 * every 10 minutes (at hh:m0:02), a window from 10:15 to 10:45 over the list home_tcp_v4.csv.
 */
class MaintenanceGateTest {
    private static final Core.Settings SETTINGS = Cores.settings(b -> b.interval(Duration.ofMinutes(10))
            .spread(Duration.ofSeconds(1)).failThreshold(1).recoverThreshold(1).allowPrivate(true));
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final Windows windows = new Windows(clock);
    private final ReadModel reads = new ReadModel(source -> null, windows);
    private final List<String> told = new ArrayList<>();
    private Core core = core(reads);
    private final long id = core.addTarget(Specs.tcp("192.0.2.1", 80, new Source("home_tcp_v4.csv", 1))).id();

    private Core core(ReadModel feed) {
        Core c = new Core(SETTINGS, clock, new Random(3), feed, null, windows);
        c.listen((t, from, to, cause, worker, at) -> told.add(from.wire() + "->" + to.wire() + " at " + time(at)));
        return c;
    }

    private static Instant at(String hhmmss) {
        return Instant.parse("2026-11-22T" + hhmmss + "Z");
    }

    private static String time(Instant t) {
        return t.toString().substring(11, 19);
    }

    private void window() {
        windows.put(new Window(1, "switch firmware", Scope.list("home_tcp_v4.csv"),
                new Times.Once(at("10:15:00"), at("10:45:00"), ZoneId.of("UTC")), clock.instant()));
    }

    /** Moves the clock to {@code hhmmss}, takes the job due then and answers it. */
    private void check(String hhmmss, boolean up) throws InterruptedException {
        clock.set(at(hhmmss));
        List<Job> jobs = core.work(new WorkRequest("w1", null, List.of(4), List.of(Kind.TCP), 10, 0));
        assertEquals(1, jobs.size(), "a job due at " + hhmmss);
        core.results(new ResultBatch("w1", List.of(ProbeResult.of(jobs.get(0).lease(), id, up, up ? 2.0 : null,
                up ? null : "connection refused", Map.of()))));
    }

    private TargetView view() {
        return reads.view(id).orElseThrow();
    }

    @Test
    void a_failure_inside_a_window_opens_no_incident_tells_no_one_and_shows_maintenance() throws Exception {
        check("10:00:02", true);
        window();
        check("10:10:02", true);
        check("10:20:02", false);
        assertEquals(State.DOWN, view().state(), "the checks go on and say down");
        assertEquals("maintenance", view().shownState());
        assertEquals(new Windows.Active(1, "switch firmware", at("10:45:00")), view().maintenance());
        assertNull(core.incidents().openFor(id));
        assertEquals(List.of("unknown->up at 10:00:02"), told, "the first result only");
        check("10:30:02", false);
        assertEquals(0, core.endMaintenance(), "the window is still open");
        assertNull(core.incidents().openFor(id));

        Flusher flusher = Flushes.ofCore(store, core.changes());
        assertTrue(flusher.flushNow().ok());
        long[] upDown = store.uptimeTotals(UptimeBucket.hourOf(at("10:00:00"))).get(id);
        assertArrayEquals(new long[] {2, 0}, upDown, "the two checks before the window; none of those inside");
    }

    @Test
    void a_target_still_down_when_its_window_ends_gets_its_incident_from_the_end_of_the_window() throws Exception {
        check("10:00:02", true);
        window();
        check("10:10:02", true);
        check("10:20:02", false);
        clock.set(at("10:46:00"));
        assertEquals(1, core.endMaintenance());
        Incident i = core.incidents().openFor(id);
        assertNotNull(i);
        assertEquals(at("10:45:00"), i.downAt(), "from the end of the window, not from the failure inside it");
        assertEquals(at("10:46:00"), i.confirmedAt());
        assertEquals("connection refused", i.description());
        assertEquals(List.of("unknown->up at 10:00:02", "up->down at 10:45:00"), told);
        assertEquals("down", view().shownState());
        assertNull(view().maintenance());
        assertEquals(0, core.endMaintenance(), "told once");

        check("10:50:02", true);
        assertEquals(List.of("unknown->up at 10:00:02", "up->down at 10:45:00", "down->up at 10:50:02"), told);
        assertNull(core.incidents().openFor(id), "closed by the recovery");
    }

    @Test
    void the_first_check_after_the_window_opens_the_incident_without_waiting_for_the_sweep() throws Exception {
        check("10:00:02", true);
        window();
        check("10:10:02", true);
        check("10:20:02", false);
        check("10:30:02", false);
        check("10:40:02", false);
        check("10:50:02", false);
        assertEquals(at("10:45:00"), core.incidents().openFor(id).downAt());
        assertEquals("up->down at 10:45:00", told.get(told.size() - 1));
    }

    @Test
    void an_outage_that_ends_inside_its_window_is_never_told_not_even_its_end() throws Exception {
        check("10:00:02", true);
        window();
        check("10:10:02", true);
        check("10:20:02", false);
        check("10:30:02", true);
        assertEquals(State.UP, view().state());
        clock.set(at("11:00:00"));
        assertEquals(0, core.endMaintenance());
        assertEquals(List.of("unknown->up at 10:00:02"), told);
        assertNull(core.incidents().openFor(id));
    }

    @Test
    void an_incident_opened_before_the_window_is_closed_inside_it_and_its_end_is_told() throws Exception {
        check("10:00:02", true);
        check("10:10:02", false);
        assertNotNull(core.incidents().openFor(id));
        window();
        check("10:20:02", true);
        assertNull(core.incidents().openFor(id));
        assertEquals(List.of("unknown->up at 10:00:02", "up->down at 10:10:02", "down->up at 10:20:02"), told,
                "whoever heard down hears up");
    }

    @Test
    void a_dealer_restarted_inside_the_window_still_opens_the_incident_when_it_ends() throws Exception {
        check("10:00:02", true);
        window();
        check("10:10:02", true);
        check("10:20:02", false);
        assertTrue(Flushes.ofCore(store, core.changes()).flushNow().ok());

        told.clear();
        ReadModel again = new ReadModel(source -> null, windows);
        core = core(again);
        core.load(store.load().core());
        assertEquals(0, core.endMaintenance(), "still inside the window");
        clock.set(at("10:46:00"));
        assertEquals(1, core.endMaintenance());
        assertEquals(at("10:45:00"), core.incidents().openFor(id).downAt());
        assertEquals(List.of("up->down at 10:45:00"), told);
    }

    @Test
    void remediation_hears_no_check_made_inside_a_window() throws Exception {
        List<String> heard = new ArrayList<>();
        core.onCheckOutsideMaintenance((t, up, at) -> heard.add((up ? "up" : "down") + " at " + time(at)));
        check("10:10:02", false);
        window();
        check("10:20:02", false);
        check("10:30:02", false);
        check("10:50:02", false);
        assertEquals(List.of("down at 10:10:02", "down at 10:50:02"), heard);
    }

    @Test
    void deleting_the_window_of_a_target_held_down_opens_its_incident_from_then() throws Exception {
        check("10:00:02", true);
        window();
        check("10:10:02", true);
        check("10:20:02", false);
        clock.set(at("10:25:00"));
        assertTrue(windows.remove(1));
        assertEquals(1, core.endMaintenance());
        assertEquals(at("10:25:00"), core.incidents().openFor(id).downAt(), "no window ended: from now");
    }
}
