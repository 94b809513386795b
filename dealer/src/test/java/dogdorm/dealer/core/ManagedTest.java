package dogdorm.dealer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.core.TargetChange.Outcome;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.imports.Applied;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.testkit.Cores;
import dogdorm.dealer.testkit.Flushes;
import dogdorm.dealer.testkit.MutableClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Targets added in the UI beside the list files, and pausing any target, in the state core alone. */
class ManagedTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final ReadModel reads = new ReadModel();
    private final Core core = core(reads);
    private final Flusher flusher = Flushes.ofCore(store, core.changes());

    private Core core(Feed feed) {
        return new Core(Cores.settings(b -> b.interval(Duration.ofMinutes(10)).spread(Duration.ofSeconds(1))
                .allowPrivate(false)), clock, new Random(5), feed);
    }

    private static TargetSpec tcp(String ip, int port) {
        return new TargetSpec(Kind.TCP, 4, null, null, ip, port, null, null, null, null, null, null, null);
    }

    private static TargetSpec listed(String ip, int port, int line, Duration interval) {
        return new TargetSpec(Kind.TCP, 4, null, null, ip, port, null, null, null, new Source("tcp_v4.csv", line),
                interval, null, null);
    }

    /** Every job due within the next interval, by the targets' ports. */
    private List<Integer> dueWithin(Core c, Duration d) throws InterruptedException {
        clock.advance(d);
        List<Job> jobs = c.work(new WorkRequest("w1", null, List.of(4, 6), Arrays.stream(Kind.values())
                .filter(k -> k != Kind.RESOLVE).toList(), 100, 0));
        List<ProbeResult> results = jobs.stream().flatMap(j -> j.targets().stream()
                .map(t -> ProbeResult.of(j.lease(), t.id(), true, 1.0, null, Map.of()))).toList();
        c.results(new ResultBatch("w1", results));
        return jobs.stream().flatMap(j -> j.targets().stream()).map(t -> t.port()).sorted().toList();
    }

    private TargetView view(long id) {
        return reads.view(id).orElseThrow();
    }

    @Test
    void a_target_added_in_the_ui_is_checked_as_given_even_a_kind_lists_validate_first() throws Exception {
        TargetSpec stun = new TargetSpec(Kind.STUN, 4, Transport.TCP, null, "192.0.2.7", 3478, null, null, null,
                null, null, null, null);
        TargetChange c = core.create(stun);
        assertEquals(Outcome.ADDED, c.outcome());
        assertEquals("ui", view(c.id()).source());
        assertEquals(Transport.TCP, view(c.id()).transport());
        clock.advance(Duration.ofSeconds(2));
        Job job = core.work(new WorkRequest("w1", null, List.of(4), List.of(Kind.STUN), 10, 0)).get(0);
        assertEquals(dogdorm.common.wire.Task.CHECK, job.task(), "a check, not a validation of a list row");
        assertEquals(c.id(), job.targets().get(0).id());
        assertEquals(0, reads.candidates().size());
    }

    @Test
    void a_list_scan_leaves_the_ui_targets_alone_and_a_row_with_their_key_waits_as_a_duplicate() {
        long ui = core.create(tcp("192.0.2.1", 443)).id();
        Applied a = core.applyList("tcp_v4.csv", List.of(listed("192.0.2.1", 443, 1, Duration.ofMinutes(1)),
                listed("192.0.2.2", 443, 2, null)));
        assertEquals(1, a.added());
        assertEquals("already added in the UI", a.duplicates().get(0).reason());
        assertEquals("ui", view(ui).source());
        assertNull(store.load().core().targets().stream().findAny().orElse(null), "nothing flushed yet");
        assertEquals(1, core.dropList("tcp_v4.csv"), "the file's own row goes");
        assertEquals(0, core.dropUnlisted(f -> true), "a stored target of the UI is no file's");
        assertEquals("ui", view(ui).source());
        assertEquals(1, reads.size());
    }

    @Test
    void a_list_files_row_is_not_edited_or_deleted_in_the_ui_but_its_pause_outlives_a_rescan() throws Exception {
        core.applyList("tcp_v4.csv", List.of(listed("192.0.2.1", 80, 1, null)));
        long id = reads.targets().get(0).id();
        TargetChange edit = core.edit(id, tcp("192.0.2.1", 81));
        assertEquals(Outcome.REFUSED, edit.outcome());
        assertTrue(edit.reason().contains("comes from tcp_v4.csv:1, not the UI: edit the file"), edit.reason());
        assertEquals(Outcome.REFUSED, core.delete(id).outcome());
        assertEquals(List.of(80), dueWithin(core, Duration.ofSeconds(2)));

        assertEquals(Outcome.UPDATED, core.pause(id).outcome());
        assertEquals(Outcome.UNCHANGED, core.pause(id).outcome());
        assertEquals(State.PAUSED, view(id).state());
        core.applyList("tcp_v4.csv", List.of(listed("192.0.2.1", 80, 3, Duration.ofMinutes(1))));
        assertEquals(Duration.ofMinutes(1), reads.published(id).orElseThrow().spec().interval(), "the row changed");
        assertEquals(List.of(), dueWithin(core, Duration.ofHours(1)), "and it stayed paused");
        assertEquals(State.PAUSED, view(id).state());
        assertEquals(1, view(id).checks(), "its record stays");

        assertEquals(Outcome.UPDATED, core.resume(id).outcome());
        assertEquals(State.UP, view(id).state());
        assertEquals(List.of(80), dueWithin(core, Duration.ZERO), "a resumed target is due at once");
    }

    @Test
    void an_edit_that_moves_a_target_keeps_its_id_and_record_and_checks_it_at_the_new_address() throws Exception {
        long id = core.create(tcp("192.0.2.1", 80)).id();
        assertEquals(List.of(80), dueWithin(core, Duration.ofSeconds(2)));
        TargetChange moved = core.edit(id, tcp("192.0.2.1", 8080));
        assertEquals(Outcome.UPDATED, moved.outcome());
        assertEquals(id, moved.id());
        assertEquals(8080, view(id).port());
        assertEquals(1, view(id).checks(), "its history came along");
        assertEquals(List.of(8080), dueWithin(core, Duration.ZERO), "checked at once at the new address");
        assertEquals(Outcome.UNCHANGED, core.edit(id, tcp("192.0.2.1", 8080)).outcome());

        long other = core.create(tcp("192.0.2.2", 80)).id();
        TargetChange clash = core.edit(other, tcp("192.0.2.1", 8080));
        assertEquals(Outcome.REFUSED, clash.outcome());
        assertEquals("already added in the UI as target #" + id, clash.reason());
    }

    @Test
    void deleting_a_ui_target_that_a_list_also_lists_hands_it_to_the_list_with_its_record() throws Exception {
        long id = core.create(tcp("192.0.2.1", 80)).id();
        core.applyList("tcp_v4.csv", List.of(listed("192.0.2.1", 80, 4, null)));
        dueWithin(core, Duration.ofSeconds(2));
        assertEquals(Outcome.DELETED, core.delete(id).outcome());
        assertEquals("tcp_v4.csv:4", view(id).source());
        assertEquals(1, view(id).checks());
        long alone = core.create(tcp("192.0.2.9", 80)).id();
        assertEquals(Outcome.DELETED, core.delete(alone).outcome());
        assertTrue(reads.view(alone).isEmpty());
        assertEquals(Outcome.NOT_FOUND, core.delete(alone).outcome());
    }

    @Test
    void an_import_answers_each_row_added_updated_unchanged_or_refused() {
        core.applyList("tcp_v4.csv", List.of(listed("192.0.2.5", 80, 1, null)));
        long ui = core.create(tcp("192.0.2.1", 80)).id();
        TargetSpec slower = new TargetSpec(Kind.TCP, 4, null, null, "192.0.2.1", 80, null, null, null, null,
                Duration.ofHours(1), null, null);
        List<TargetChange> report = core.importRows(List.of(tcp("192.0.2.2", 80), tcp("192.0.2.1", 80), slower,
                tcp("192.0.2.5", 80)));
        assertEquals(List.of(Outcome.ADDED, Outcome.UNCHANGED, Outcome.UPDATED, Outcome.REFUSED),
                report.stream().map(TargetChange::outcome).toList());
        assertEquals(ui, report.get(1).id());
        assertEquals("ui", view(report.get(0).id()).source());
        assertTrue(report.get(3).reason().contains("listed in tcp_v4.csv:1: list files stay the source of their own "
                + "rows"), report.get(3).reason());
        assertEquals(Duration.ofHours(1), reads.published(ui).orElseThrow().spec().interval());
    }

    @Test
    void after_a_restart_the_ui_targets_own_their_keys_and_a_pause_holds() throws Exception {
        long ui = core.create(tcp("192.0.2.1", 80)).id();
        long paused = core.create(tcp("192.0.2.2", 80)).id();
        core.pause(paused);
        assertTrue(flusher.flushNow().ok());

        ReadModel again = new ReadModel();
        Core restarted = core(again);
        assertEquals(2, restarted.load(store.load().core()));
        Applied a = restarted.applyList("tcp_v4.csv", List.of(listed("192.0.2.1", 80, 1, null)));
        assertEquals("already added in the UI", a.duplicates().get(0).reason(), "the UI listed it first");
        assertEquals(State.PAUSED, again.view(paused).orElseThrow().state());
        assertEquals(List.of(80), dueWithin(restarted, Duration.ofMinutes(10)), "only the one not paused");
        assertEquals("ui", again.view(ui).orElseThrow().source());
    }
}
