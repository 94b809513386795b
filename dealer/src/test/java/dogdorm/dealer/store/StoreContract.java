package dogdorm.dealer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.action.ActionQuery;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentQuery;
import dogdorm.dealer.maintenance.Scope;
import dogdorm.dealer.maintenance.Times;
import dogdorm.dealer.maintenance.Window;
import dogdorm.dealer.maintenance.Windows;
import dogdorm.dealer.notify.EmailSettings;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Receiver;
import dogdorm.dealer.notify.ReceiverFilter;
import dogdorm.dealer.notify.ReceiverKind;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.statuspage.StatusPage;
import dogdorm.dealer.statuspage.StatusPageChanges;
import dogdorm.dealer.statuspage.StatusPageSpec;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.testkit.Batches;
import dogdorm.dealer.core.Stored;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.core.TargetRow;
import java.util.Set;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every store must do; each implementation runs these through a subclass. */
abstract class StoreContract {
    @TempDir
    Path dir;

    /** A store over {@code dir}; called again after close to test what survives. */
    abstract Store open(Path dir) throws Exception;

    /** Whether what was written survives closing and reopening (false for the memory store). */
    boolean durable() {
        return true;
    }

    static TargetRow row(long id, String ip, int port) {
        Stats s = new Stats();
        s.record(true, 3.5, null, Instant.parse("2026-01-01T00:00:00Z"), "w1", Stats.Thresholds.IMMEDIATE);
        TargetSpec spec = new TargetSpec(Kind.TURN, 4, Transport.UDP, "turn" + id + ".example", ip, port, "u", "p", null,
                new Source("turn_v4.csv", (int) id), Duration.ofMinutes(5), 3000, Map.of("peer", "8.8.8.8"), null, 3,
                List.of("home", "relay"));
        return new TargetRow(id, spec, s, 1_800_000_000_000L + id);
    }

    @Test
    void written_rows_load_back_with_spec_and_stats() throws Exception {
        Store store = open(dir);
        store.write(Batches.targets(List.of(row(1, "8.8.8.8", 3478)), Set.of(), 1));
        Stored loaded = reopen(store).load().core();
        assertEquals(1, loaded.targets().size());
        TargetRow r = loaded.targets().get(0);
        assertEquals(row(1, "8.8.8.8", 3478).spec(), r.spec());
        assertEquals(1, r.stats().checks);
        assertEquals(State.UP, r.stats().state);
        assertEquals(3.5, r.stats().latencyLastMs);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), r.stats().lastSuccess);
        assertEquals("w1", r.stats().lastWorker);
        assertEquals(1_800_000_000_001L, r.nextDue());
    }

    private Store reopen(Store store) throws Exception {
        if (!durable()) {
            return store;
        }
        store.close();
        return open(dir);
    }

    @Test
    void a_second_write_updates_in_place_and_deletes_remove() throws Exception {
        Store store = open(dir);
        store.write(Batches.targets(List.of(row(1, "8.8.8.8", 3478), row(2, "8.8.4.4", 3478)), Set.of(), 2));
        TargetRow changed = row(1, "1.1.1.1", 3478);
        changed.stats().record(false, null, "timeout", Instant.parse("2026-01-01T00:01:00Z"), "w2",
                Stats.Thresholds.IMMEDIATE);
        store.write(Batches.targets(List.of(changed), Set.of(2L), 2));
        Stored loaded = reopen(store).load().core();
        assertEquals(1, loaded.targets().size());
        TargetRow r = loaded.targets().get(0);
        assertEquals("1.1.1.1", r.spec().ip());
        assertEquals(2, r.stats().checks);
        assertEquals(1, r.stats().failures);
        assertEquals("timeout", r.stats().lastError);
        assertEquals(3.5, r.stats().latencyLastMs, "a failure keeps the last good latency");
    }

    @Test
    void a_stats_only_write_keeps_the_spec() throws Exception {
        Store store = open(dir);
        store.write(Batches.targets(List.of(row(1, "8.8.8.8", 3478)), Set.of(), 1));
        TargetRow statsOnly = new TargetRow(1, null, row(1, "8.8.8.8", 3478).stats(), 42L);
        statsOnly.stats().record(true, 9.0, null, Instant.parse("2026-01-01T00:05:00Z"), "w3",
                Stats.Thresholds.IMMEDIATE);
        store.write(Batches.targets(List.of(statsOnly), Set.of(), 1));
        TargetRow r = reopen(store).load().core().targets().get(0);
        assertEquals(row(1, "8.8.8.8", 3478).spec(), r.spec());
        assertEquals(2, r.stats().checks);
        assertEquals(300, r.stats().uptimeS);
        assertEquals(42L, r.nextDue());
    }

    @Test
    void the_last_checks_load_back_with_their_row_and_each_write_replaces_them() throws Exception {
        Store store = open(dir);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<CheckLog.Check> first = List.of(
                new CheckLog.Check(t0.plusSeconds(60), "w2", false, null, "timeout after 5000 ms"),
                new CheckLog.Check(t0, "w1", true, 3.5, null));
        TargetRow r = row(1, "8.8.8.8", 3478);
        store.write(Batches.targets(List.of(new TargetRow(1, r.spec(), r.stats(), r.nextDue(), first)), Set.of(), 1));
        store = reopen(store);
        assertEquals(first, store.load().core().targets().get(0).checks());

        List<CheckLog.Check> second = List.of(new CheckLog.Check(t0.plusSeconds(120), "w1", true, 4.25, null),
                first.get(0), first.get(1));
        store.write(Batches.targets(List.of(new TargetRow(1, null, r.stats(), 7L, second)), Set.of(), 1));
        store = reopen(store);
        assertEquals(second, store.load().core().targets().get(0).checks(), "a stats-only write too");
        store.write(Batches.targets(List.of(new TargetRow(1, null, r.stats(), 8L)), Set.of(), 1));
        assertEquals(second, reopen(store).load().core().targets().get(0).checks(), "a write without them keeps them");
    }

    @Test
    void a_pause_loads_back_with_its_time_and_a_resume_clears_it() throws Exception {
        Store store = open(dir);
        TargetRow r = row(1, "8.8.8.8", 3478);
        r.stats().pausedAt = Instant.parse("2026-01-02T03:04:05Z");
        TargetSpec ui = r.spec().withSource(Source.ui());
        store.write(Batches.targets(List.of(new TargetRow(1, ui, r.stats(), null), row(2, "8.8.4.4", 3478)),
                Set.of(), 2));
        store = reopen(store);
        List<TargetRow> loaded = store.load().core().targets();
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), loaded.get(0).stats().pausedAt);
        assertEquals(Source.ui(), loaded.get(0).spec().source(), "a target added in the UI keeps its source");
        assertTrue(loaded.get(0).spec().fromUi());
        assertEquals(null, loaded.get(0).nextDue(), "a paused target has no next check");
        assertEquals(null, loaded.get(1).stats().pausedAt);
        r.stats().pausedAt = null;
        store.write(Batches.targets(List.of(new TargetRow(1, null, r.stats(), 5L)), Set.of(), 2));
        assertEquals(null, reopen(store).load().core().targets().get(0).stats().pausedAt);
    }

    @Test
    void stats_for_a_target_never_written_are_refused() throws Exception {
        Store store = open(dir);
        Assertions.assertThrows(StoreException.class, () -> store.write(Batches.targets(
                List.of(new TargetRow(5, null, new Stats(), null)), Set.of(), 5)));
        assertTrue(reopen(store).load().core().targets().isEmpty());
    }

    @Test
    void uptime_deltas_add_up_per_hour_and_fold_into_days() throws Exception {
        Store store = open(dir);
        store.write(Batches.targets(List.of(row(1, "8.8.8.8", 1)), Set.of(), 1, List.of(
                new UptimeBucket(1, 1000, 3, 1, 30.0, 3), new UptimeBucket(1, 1001, 2, 0, 10.0, 2))));
        store.write(Batches.targets(List.of(), Set.of(), 1, List.of(new UptimeBucket(1, 1001, 1, 1, 5.0, 1))));
        store = reopen(store);
        assertEquals(List.of(new UptimeBucket(1, 1000, 3, 1, 30.0, 3), new UptimeBucket(1, 1001, 3, 1, 15.0, 3)),
                store.hourly(1, 1000));
        assertEquals(1, store.hourly(1, 1001).size());
        long[] totals = store.uptimeTotals(1000).get(1L);
        assertEquals(6, totals[0]);
        assertEquals(2, totals[1]);
        assertEquals(1, store.hourlySince(1001).get(1L).size());
        // hours 1000 and 1001 are in epoch day 41 (hours 984..1007): fold everything before hour 1008
        assertEquals(2, store.rollUp(1008, 0));
        assertTrue(store.hourly(1, 0).isEmpty());
        assertEquals(List.of(new UptimeBucket(1, 41, 6, 2, 45.0, 6)), store.daily(1, 0));
        store.rollUp(1008, 42);
        assertTrue(store.daily(1, 0).isEmpty(), "days before the cut are dropped");
    }

    @Test
    void a_target_that_takes_a_deleted_ones_key_in_the_same_flush_is_stored() throws Exception {
        // a list row replaced, or a candidate validated again: the old target goes, a new one with its key comes
        Store store = open(dir);
        TargetRow old = row(1, "8.8.8.8", 3478);
        store.write(Batches.targets(List.of(old), Set.of(), 1));
        TargetRow replacement = new TargetRow(2, old.spec(), old.stats(), old.nextDue());
        Incident ofTheOld = new Incident(1, 1, "refused", Instant.parse("2026-01-01T00:00:00Z"), null, null, "w");
        store.write(Store.Batch.of(new Changes(List.of(replacement), Set.of(1L), 2, List.of(), List.of(), Set.of(), 0,
                List.of(), Set.of(), 0, List.of(ofTheOld), 1, List.of())));
        store = reopen(store);
        assertEquals(List.of(2L), store.load().core().targets().stream().map(TargetRow::id).toList());
        assertTrue(store.incidents(1, 10).isEmpty(), "an incident of a target deleted in the same flush is not kept");
    }

    @Test
    void deleting_a_target_deletes_its_history_and_incidents() throws Exception {
        Store store = open(dir);
        store.write(Batches.targets(List.of(row(1, "8.8.8.8", 1)), Set.of(), 1, List.of(new UptimeBucket(1, 5, 1, 0, 1.0, 1))));
        store.write(Batches.incidents(new Incident(1, 1, "refused", Instant.parse("2026-01-01T00:00:00Z"), null,
                null, "w")));
        store.write(Batches.targets(List.of(), Set.of(1L), 1));
        store = reopen(store);
        assertTrue(store.hourly(1, 0).isEmpty());
        assertTrue(store.incidents(1, 10).isEmpty());
        assertTrue(store.openIncidents().isEmpty());
    }

    @Test
    void incidents_open_close_and_list_newest_first() throws Exception {
        Store store = open(dir);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Incident a = new Incident(1, 7, "refused", t0, t0.plusSeconds(10), null, "w1");
        store.write(Batches.incidents(a));
        Incident b = new Incident(2, 7, "timeout", t0.plusSeconds(600), t0.plusSeconds(610), null, "w2");
        store.write(Batches.incidents(a.closed(t0.plusSeconds(60)), b));
        store = reopen(store);
        List<Incident> list = store.incidents(7, 10);
        assertEquals(List.of(b.id(), a.id()), list.stream().map(Incident::id).toList());
        assertEquals(t0.plusSeconds(60), list.get(1).upAt());
        assertEquals("w2", list.get(0).worker());
        assertEquals(t0.plusSeconds(610), list.get(0).confirmedAt());
        assertEquals(t0.plusSeconds(10), list.get(1).confirmedAt(), "kept when it closes");
        assertEquals(List.of(b.id()), store.openIncidents().stream().map(Incident::id).toList());
        Stored loaded = store.load().core();
        assertEquals(List.of(b), loaded.openIncidents());
        assertEquals(2, loaded.lastIncidentId());
    }

    @Test
    void actions_are_stored_with_their_outcome_and_the_newest_per_droplet_loads() throws Exception {
        Store store = open(dir);
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        ActionRecord reboot = new ActionRecord(1, 7, "111", "reboot", t0, null, null, null, null, null);
        ActionRecord other = new ActionRecord(2, 8, "222", "reboot", t0.plusSeconds(30), null, null, null, null, null);
        store.write(Batches.actions(reboot, other));
        ActionRecord done = new ActionRecord(1, 7, "111", "reboot", t0, 201, 9001L, "completed", null,
                t0.plusSeconds(20));
        ActionRecord cycle = new ActionRecord(3, 7, "111", "power_cycle", t0.plusSeconds(900), null, null, null, null,
                null);
        store.write(Batches.actions(done, cycle));
        store = reopen(store);
        Store.Loaded loaded = store.load();
        assertEquals(List.of(other, cycle), loaded.newestActions(), "the newest of each droplet, not finished yet");
        assertEquals(3, loaded.lastActionId());
        List<ActionRecord> of7 = store.actions(7L, 10);
        assertEquals(List.of(cycle.id(), reboot.id()), of7.stream().map(ActionRecord::id).toList());
        assertEquals(201, of7.get(1).apiStatus());
        assertEquals(9001L, of7.get(1).actionId());
        assertEquals("completed", of7.get(1).finalStatus());
        assertEquals(3, store.actions(null, 10).size());
    }

    @Test
    void actions_are_found_by_target_outcome_and_time_newest_first() throws Exception {
        Store store = open(dir);
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        ActionRecord done = new ActionRecord(1, 7, "111", "reboot", t0, 201, 9001L, "completed", null,
                t0.plusSeconds(20));
        ActionRecord dry = new ActionRecord(2, 8, "222", "reboot", t0.plusSeconds(600), null, null, "dry-run", null,
                t0.plusSeconds(600));
        ActionRecord pending = new ActionRecord(3, 7, "111", "power_cycle", t0.plusSeconds(1200), null, null, null,
                null, null);
        store.write(Batches.actions(done, dry, pending));
        store = reopen(store);
        assertEquals(List.of(3L, 1L), ids(store.actionsMatching(new ActionQuery(7L, null, null, null), 10)));
        assertEquals(List.of(1L), ids(store.actionsMatching(new ActionQuery(null, "completed", null, null), 10)));
        assertEquals(List.of(2L), ids(store.actionsMatching(new ActionQuery(null, "dry-run", null, null), 10)));
        assertEquals(List.of(3L), ids(store.actionsMatching(new ActionQuery(null, ActionQuery.PENDING, null, null),
                10)), "pending: no final status yet");
        assertEquals(List.of(), ids(store.actionsMatching(new ActionQuery(null, "errored", null, null), 10)));
        assertEquals(List.of(3L, 2L), ids(store.actionsMatching(new ActionQuery(null, null, t0.plusSeconds(600),
                null), 10)), "since is inclusive");
        assertEquals(List.of(1L), ids(store.actionsMatching(new ActionQuery(null, null, null, t0.plusSeconds(600)),
                10)), "until is exclusive");
        assertEquals(List.of(3L), ids(store.actionsMatching(new ActionQuery(7L, null, t0.plusSeconds(1), null), 10)));
        assertEquals(List.of(3L), ids(store.actionsMatching(ActionQuery.all(), 1)), "the newest within the limit");
    }

    private static List<Long> ids(List<ActionRecord> actions) {
        return actions.stream().map(ActionRecord::id).toList();
    }

    @Test
    void the_highest_id_survives_even_when_its_row_is_deleted() throws Exception {
        Store store = open(dir);
        store.write(Batches.targets(List.of(row(7, "8.8.8.8", 1)), Set.of(), 7));
        store.write(Batches.targets(List.of(), Set.of(7L), 7));
        Stored loaded = reopen(store).load().core();
        assertTrue(loaded.targets().isEmpty());
        assertEquals(7, loaded.lastTargetId());
    }

    @Test
    void a_hundred_thousand_rows_are_written_in_one_call() throws Exception {
        Store store = open(dir);
        List<TargetRow> rows = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            rows.add(row(i, "9." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 80));
        }
        store.write(Batches.targets(rows, Set.of(), 100_000));
        assertEquals(100_000, reopen(store).load().core().targets().size());
    }

    @Test
    void events_stay_in_the_outbox_until_delivered_and_the_highest_id_survives() throws Exception {
        Store store = open(dir);
        Event down = new Event(5, "target.down", Instant.parse("2026-01-01T00:00:00Z"), "down",
                Map.of("target", 1, "name", "a.example"));
        Event up = new Event(6, "target.up", Instant.parse("2026-01-01T00:01:00Z"), "up", Map.of("target", 1));
        store.write(Batches.outbox(List.of(down, up), Set.of()));
        store.write(Batches.outbox(List.of(), Set.of(5L)));
        Store.Loaded loaded = reopen(store).load();
        assertEquals(List.of(6L), loaded.undelivered().stream().map(Event::id).toList());
        assertEquals(Map.of("target", 1), loaded.undelivered().get(0).fields());
        assertEquals(6, loaded.lastEventId());
    }

    private static StatusPage page(long id, String slug, List<Long> targets, List<String> lists) {
        Instant t0 = Instant.parse("2026-12-05T10:00:00Z");
        return new StatusPage(id, new StatusPageSpec(slug, "Page " + slug, "About " + slug, targets, lists,
                List.of("home")), t0, t0.plusSeconds(id));
    }

    @Test
    void status_pages_load_back_whole_and_a_slug_may_change_hands_in_one_flush() throws Exception {
        Store store = open(dir);
        StatusPage home = page(1, "home", List.of(3L, 1L), List.of("home_ping_v4.csv"));
        StatusPage office = page(2, "office", List.of(), List.of("office_tcp_v4.csv", "keepalive:/etc/k.conf"));
        store.write(Batches.statusPages(List.of(home, office), Set.of(), 2));
        store = reopen(store);
        StatusPageChanges.Stored loaded = store.load().statusPages();
        assertEquals(List.of(home, office), loaded.pages());
        assertEquals(2, loaded.lastId());

        // "home" becomes "house" and "office" takes "home": the unique slug is never held twice
        StatusPage house = page(1, "house", List.of(3L), List.of());
        StatusPage newHome = page(2, "home", List.of(7L), List.of());
        store.write(Batches.statusPages(List.of(newHome, house), Set.of(), 2));
        store = reopen(store);
        assertEquals(List.of(house, newHome), store.load().statusPages().pages());

        store.write(Batches.statusPages(List.of(), Set.of(2L), 2));
        loaded = reopen(store).load().statusPages();
        assertEquals(List.of(house), loaded.pages());
        assertEquals(2, loaded.lastId(), "the highest id survives its row");
    }

    @Test
    void two_status_pages_with_one_slug_are_refused_and_nothing_of_the_flush_is_stored() throws Exception {
        Store store = open(dir);
        store.write(Batches.statusPages(List.of(page(1, "home", List.of(1L), List.of())), Set.of(), 1));
        Assertions.assertThrows(StoreException.class, () -> store.write(Batches.statusPages(
                List.of(page(2, "office", List.of(1L), List.of()), page(3, "home", List.of(2L), List.of())), Set.of(),
                3)));
        assertEquals(List.of("home"), reopen(store).load().statusPages().pages().stream().map(StatusPage::slug)
                .toList());
    }

    @Test
    void incidents_are_found_by_targets_state_and_time_newest_first() throws Exception {
        Store store = open(dir);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        Incident early = new Incident(1, 7, "refused", t0, t0, t0.plusSeconds(3600), "w1");
        Incident other = new Incident(2, 8, "timeout", t0.plusSeconds(7200), t0.plusSeconds(7210),
                t0.plusSeconds(86_400 * 2), "w1");
        Incident late = new Incident(3, 7, "refused", t0.plusSeconds(86_400 * 3), null, null, "w2");
        store.write(Batches.incidents(early, other, late));
        store = reopen(store);
        assertEquals(List.of(3L, 2L, 1L), incidentIds(store.incidentsMatching(IncidentQuery.all(), 10)));
        assertEquals(List.of(3L, 2L), incidentIds(store.incidentsMatching(IncidentQuery.all(), 2)));
        assertEquals(List.of(3L, 1L), incidentIds(store.incidentsMatching(new IncidentQuery(Set.of(7L), null, null), 10)));
        assertEquals(List.of(3L, 2L, 1L), incidentIds(store.incidentsMatching(new IncidentQuery(Set.of(7L, 8L, 9L), null,
                null), 10)));
        assertEquals(List.of(), store.incidentsMatching(new IncidentQuery(Set.of(), null, null), 10));
        assertEquals(List.of(3L), incidentIds(store.incidentsMatching(new IncidentQuery(null, true, null), 10)));
        assertEquals(List.of(2L, 1L), incidentIds(store.incidentsMatching(new IncidentQuery(null, false, null), 10)));
        // since a day after t0: the early one had closed by then, the other was still open, the late one is open
        assertEquals(List.of(3L, 2L), incidentIds(store.incidentsMatching(new IncidentQuery(null, null,
                t0.plusSeconds(86_400)), 10)));
        assertEquals(List.of(2L), incidentIds(store.incidentsMatching(new IncidentQuery(Set.of(8L), false,
                t0.plusSeconds(86_400 * 2)), 10)), "closed at exactly that time counts");
        assertEquals(List.of(), store.incidentsMatching(new IncidentQuery(Set.of(8L), false,
                t0.plusSeconds(86_400 * 2 + 1)), 10));
    }

    private static List<Long> incidentIds(List<Incident> incidents) {
        return incidents.stream().map(Incident::id).toList();
    }

    @Test
    void daily_history_adds_the_hours_not_yet_folded_to_the_days_already_folded() throws Exception {
        Store store = open(dir);
        // epoch day 41 is hours 984..1007, day 42 hours 1008..1031
        store.write(Batches.targets(List.of(row(1, "8.8.8.8", 1), row(2, "8.8.4.4", 1), row(3, "1.1.1.1", 1)),
                Set.of(), 3, List.of(new UptimeBucket(1, 990, 3, 1, 30.0, 3), new UptimeBucket(1, 1000, 2, 0, 10.0, 2),
                        new UptimeBucket(2, 995, 1, 1, 1.0, 1), new UptimeBucket(3, 1000, 5, 0, 5.0, 5))));
        store.rollUp(996, 0); // hours 990 and 995 are folded into day 41; hour 1000 is not
        store.write(Batches.targets(List.of(), Set.of(), 3, List.of(new UptimeBucket(1, 1010, 0, 4, 0.0, 0),
                new UptimeBucket(1, 30, 9, 9, 9.0, 9))));
        store = reopen(store);
        Map<Long, List<UptimeBucket>> days = store.dailySince(List.of(1L, 2L), 41);
        assertEquals(List.of(new UptimeBucket(1, 41, 5, 1, 40.0, 5), new UptimeBucket(1, 42, 0, 4, 0.0, 0)),
                days.get(1L), "day 41: the folded hour 990 and the hour 1000 not yet folded");
        assertEquals(List.of(new UptimeBucket(2, 41, 1, 1, 1.0, 1)), days.get(2L));
        assertEquals(Set.of(1L, 2L), days.keySet(), "only the targets asked for");
        assertEquals(List.of(new UptimeBucket(1, 42, 0, 4, 0.0, 0)), store.dailySince(List.of(1L), 42).get(1L));
        assertTrue(store.dailySince(List.of(4L), 0).isEmpty());
    }

    @Test
    void maintenance_windows_are_saved_replaced_and_deleted_and_the_highest_id_survives() throws Exception {
        Store store = open(dir);
        Instant created = Instant.parse("2026-11-01T08:00:00.123Z");
        Window once = new Window(1, "router", Scope.target(3), new Times.Once(Instant.parse("2026-11-22T01:00:00Z"),
                Instant.parse("2026-11-22T03:30:00Z"), ZoneId.of("Europe/Berlin")), created);
        Window weekly = new Window(2, "", Scope.list("home_tcp_v4.csv"), new Times.Weekly(EnumSet.of(
                DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 30), Duration.ofMinutes(90),
                ZoneId.of("America/New_York")), created);
        Window tagged = new Window(3, "nas firmware", Scope.tag("nas"), once.times(), created);
        store.saveMaintenanceWindow(once);
        store.saveMaintenanceWindow(weekly);
        store.saveMaintenanceWindow(tagged);
        store = reopen(store);
        assertEquals(new Windows.Stored(List.of(once, weekly, tagged), 3), store.maintenanceWindows());
        assertTrue(store.deleteMaintenanceWindow(3));

        Window changed = new Window(1, "router firmware", Scope.list("tcp_v4.csv"), weekly.times(), created);
        store.saveMaintenanceWindow(changed);
        assertTrue(store.deleteMaintenanceWindow(2));
        Assertions.assertFalse(store.deleteMaintenanceWindow(2), "gone already");
        store = reopen(store);
        assertEquals(List.of(changed), store.maintenanceWindows().windows(), "replaced in place, the other gone");
        assertTrue(store.deleteMaintenanceWindow(1));
        assertEquals(new Windows.Stored(List.of(), 3), reopen(store).maintenanceWindows(),
                "no window left, and 3 is still the highest id given");
    }

    static Receiver slack(String name) {
        return new Receiver(0, name, ReceiverKind.SLACK, "https://hooks.slack.com/services/T0/B0/secret-" + name,
                null, new ReceiverFilter(List.of(3L, 1L), List.of("tcp_v4.csv"), List.of("stun"),
                List.of("target.down", "target.*")), Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Receiver mail(String name, String password) {
        return new Receiver(0, name, ReceiverKind.EMAIL, null, new EmailSettings("smtp.example.org", 587, true,
                "dogdorm", password, "dogdorm@example.org", List.of("ops@example.org", "oncall@example.org")),
                null, Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    void receivers_load_back_whole_with_their_secrets_filters_and_e_mail_settings() throws Exception {
        Store store = open(dir);
        Receiver a = store.addReceiver(slack("ops"));
        Receiver b = store.addReceiver(mail("mail", "hunter2 ünïcode"));
        assertEquals(1, a.id());
        assertEquals(2, b.id());
        List<Receiver> loaded = reopen(store).receivers();
        assertEquals(List.of(slack("ops").withId(1, a.created()), mail("mail", "hunter2 ünïcode").withId(2,
                b.created())), loaded);
        assertEquals(List.of(1L, 3L), loaded.get(0).filter().targets(), "sorted");
        assertEquals(ReceiverFilter.EVERYTHING, loaded.get(1).filter());
    }

    @Test
    void a_receiver_changed_keeps_its_creation_time_and_a_deleted_ones_id_is_never_given_again() throws Exception {
        Store store = open(dir);
        store.addReceiver(slack("a"));
        Receiver b = store.addReceiver(slack("b"));
        Receiver changed = mail("b now mails", null).withId(b.id(), Instant.parse("2030-01-01T00:00:00Z"));
        assertTrue(store.updateReceiver(changed));
        assertEquals(false, store.updateReceiver(slack("x").withId(99, Instant.EPOCH)), "no receiver #99");
        assertTrue(store.deleteReceiver(b.id()));
        assertEquals(false, store.deleteReceiver(b.id()), "already gone");
        store = reopen(store);
        assertEquals(List.of(1L), store.receivers().stream().map(Receiver::id).toList());
        assertEquals(3, store.addReceiver(slack("c")).id(), "#2 was deleted: not given again");
        store.deleteReceiver(1);
        store.deleteReceiver(3);
        assertEquals(4, reopen(store).addReceiver(slack("d")).id());
    }

    @Test
    void a_changed_receiver_reads_back_as_changed_with_its_old_creation_time() throws Exception {
        Store store = open(dir);
        Receiver b = store.addReceiver(slack("b"));
        store.updateReceiver(mail("b now mails", null).withId(b.id(), Instant.parse("2030-01-01T00:00:00Z")));
        Receiver loaded = reopen(store).receivers().get(0);
        assertEquals("b now mails", loaded.name());
        assertEquals(ReceiverKind.EMAIL, loaded.kind());
        assertEquals(null, loaded.url());
        assertEquals(false, loaded.email().hasPassword());
        assertEquals(b.created(), loaded.created());
    }
}
