package dogdorm.dealer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.imports.Applied;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.testkit.Cores;
import dogdorm.dealer.testkit.Flushes;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.Specs;
import dogdorm.dealer.read.TargetView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoreTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final ReadModel reads = new ReadModel();
    private final Core dealer = new Core(settings(true, 1), clock, new Random(3), reads);
    private final Flusher flusher = Flushes.ofCore(store, dealer.changes());

    /** A 10-minute interval, 2-minute leases, first checks within a second, retries after a minute. */
    private static Core.Settings settings(boolean allowPrivate, int failThreshold) {
        return Cores.settings(b -> b.interval(Duration.ofMinutes(10)).leaseTimeout(Duration.ofSeconds(120))
                .spread(Duration.ofSeconds(1)).retryInterval(Duration.ofMinutes(1)).failThreshold(failThreshold)
                .recoverThreshold(1).allowPrivate(allowPrivate));
    }

    private static WorkRequest ask(String worker, int max) {
        return new WorkRequest(worker, null, List.of(4, 6), List.of(Kind.TCP), max, 0);
    }

    private List<Job> dueJobs(String worker, int max) throws InterruptedException {
        clock.advance(Duration.ofSeconds(2));
        return dealer.work(ask(worker, max));
    }

    private static ProbeResult up(Job j) {
        return ProbeResult.of(j.lease(), j.targets().get(0).id(), true, 1.5, null, Map.of());
    }

    private TargetView view(long id) {
        return reads.read(all -> all.stream().filter(t -> t.id() == id).findFirst().orElseThrow());
    }

    @Test
    void a_job_says_public_only_unless_private_addresses_are_allowed() throws Exception {
        TargetSpec byName = new TargetSpec(Kind.TCP, 4, null, "box.example", null, 80, null, null, null,
                new Source("tcp_v4.csv", 1), null, null, null, null);
        dealer.addTarget(byName);
        assertFalse(dueJobs("w1", 1).get(0).targets().get(0).publicOnly(), "this dealer has --allow-private");
        Core strict = new Core(settings(false, 1), clock, new Random(3), Feed.NONE);
        strict.addTarget(byName);
        clock.advance(Duration.ofSeconds(2));
        assertTrue(strict.work(ask("w1", 1)).get(0).targets().get(0).publicOnly(),
                "the worker must not probe what the name resolves to if it is not public");
    }

    @Test
    void the_record_of_checks_goes_to_the_store_once_a_minute_at_a_clean_stop_and_again_after_a_failed_write()
            throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        CoreChanges changes = dealer.changes();
        changes.stored(changes.take());
        dealer.results(new ResultBatch("w1", List.of(up(dueJobs("w1", 1).get(0)))));
        Changes soon = changes.take();
        assertEquals(1, row(soon, id).stats().checks);
        assertNull(row(soon, id).checks(), "within a minute of the last record taken: the stats alone");
        changes.stored(soon);

        changes.takeAllChecksNext(); // a clean stop
        Changes last = changes.take();
        assertEquals(1, last.targets().size(), "the record, though the stats were stored already");
        assertEquals(1, row(last, id).checks().size());
        changes.giveBack(last);
        Changes again = changes.take();
        assertEquals("w1", row(again, id).checks().get(0).worker(), "the write failed: taken again");
        changes.stored(again);

        clock.advance(Duration.ofMinutes(1));
        assertNull(row(changes.take(), id), "nothing checked since: nothing to store");
        clock.advance(Duration.ofMinutes(10));
        dealer.results(new ResultBatch("w1", List.of(up(dueJobs("w1", 1).get(0)))));
        assertEquals(2, row(changes.take(), id).checks().size(), "a minute on: with the stats");
    }

    private static TargetRow row(Changes c, long id) {
        return c.targets().stream().filter(r -> r.id() == id).findFirst().orElse(null);
    }

    @Test
    void a_result_for_a_live_lease_updates_the_target() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        Job job = dueJobs("w1", 1).get(0);
        assertEquals(id, job.targets().get(0).id());
        assertEquals(clock.instant().plusSeconds(120), job.deadline());
        ResultsAnswer a = dealer.results(new ResultBatch("w1", List.of(up(job))));
        assertEquals(1, a.accepted());
        TargetView v = view(id);
        assertEquals(State.UP, v.state());
        assertEquals(1, v.checks());
        assertEquals(1.5, v.latencyMs());
        assertEquals("w1", v.lastWorker());
    }

    @Test
    void results_for_unknown_or_expired_leases_are_rejected_alone() throws Exception {
        dealer.addTarget(Specs.tcp("127.0.0.1", 80));
        dealer.addTarget(Specs.tcp("127.0.0.1", 81));
        List<Job> jobs = dueJobs("w1", 2);
        assertEquals(2, jobs.size());
        Job late = jobs.get(0);
        clock.advance(Duration.ofSeconds(121));
        assertEquals(2, dealer.expireLeases());
        List<Job> again = dealer.work(ask("w2", 2));
        assertEquals(2, again.size(), "expired leases are dealt again");
        ResultsAnswer a = dealer.results(new ResultBatch("w1", List.of(up(late),
                ProbeResult.of("nonsense", 1, true, null, null, null))));
        assertEquals(0, a.accepted());
        assertEquals("lease expired", a.results().get(0).reason());
        assertEquals("lease 'nonsense' is not a lease id this dealer deals (no signature)",
                a.results().get(1).reason());
        ResultsAnswer b = dealer.results(new ResultBatch("w2", List.of(up(again.get(0)), up(again.get(1)))));
        assertEquals(2, b.accepted(), "the rejected ones disturbed nothing");
        assertEquals(1, view(again.get(0).targets().get(0).id()).checks());
    }

    @Test
    void a_result_after_its_lease_deadline_is_refused_even_before_the_lease_is_swept() throws Exception {
        dealer.addTarget(Specs.tcp("127.0.0.1", 80));
        Job job = dueJobs("w1", 1).get(0);
        clock.advance(Duration.ofSeconds(120));
        assertEquals(1, dealer.results(new ResultBatch("w1", List.of(up(job)))).accepted(), "at the deadline: in time");
        dealer.addTarget(Specs.tcp("127.0.0.1", 81));
        Job late = dueJobs("w1", 1).get(0);
        clock.advance(Duration.ofMillis(120_001));
        ResultsAnswer a = dealer.results(new ResultBatch("w1", List.of(up(late))));
        assertEquals(0, a.accepted());
        assertEquals("lease expired at " + late.deadline() + ": the result came after its deadline",
                a.results().get(0).reason());
    }

    @Test
    void a_lease_answers_only_to_its_worker_and_only_once_per_target() throws Exception {
        dealer.addTarget(Specs.tcp("127.0.0.1", 80));
        Job job = dueJobs("w1", 1).get(0);
        ResultsAnswer other = dealer.results(new ResultBatch("intruder", List.of(up(job))));
        assertTrue(other.results().get(0).reason().contains("another worker"));
        ResultsAnswer wrong = dealer.results(new ResultBatch("w1", List.of(
                ProbeResult.of(job.lease(), 999, true, null, null, null))));
        assertTrue(wrong.results().get(0).reason().contains("not part of lease"));
        assertEquals(1, dealer.results(new ResultBatch("w1", List.of(up(job)))).accepted());
        ResultsAnswer twice = dealer.results(new ResultBatch("w1", List.of(up(job))));
        assertEquals(0, twice.accepted());
        assertEquals("lease already answered", twice.results().get(0).reason(), "not an unknown lease");
    }

    @Test
    void a_worker_fault_does_not_count_against_the_target_and_retries_soon() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        Job job = dueJobs("w1", 1).get(0);
        dealer.results(new ResultBatch("w1", List.of(new ProbeResult(job.lease(), id, false, null,
                "worker has no probe", Map.of(), true))));
        TargetView v = view(id);
        assertEquals(0, v.checks());
        assertEquals(State.UNKNOWN, v.state());
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), v.nextCheck());
    }

    @Test
    void a_failure_not_yet_confirmed_is_checked_again_after_the_retry_interval() throws Exception {
        ReadModel flappyReads = new ReadModel();
        Core flappy = new Core(settings(true, 2), clock, new Random(3), flappyReads);
        long id = flappy.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        clock.advance(Duration.ofSeconds(2));
        Job first = flappy.work(ask("w", 1)).get(0);
        flappy.results(new ResultBatch("w", List.of(up(first))));
        TargetView v = flappyReads.read(all -> all.get(0));
        assertEquals(State.UP, v.state());
        assertTrue(v.nextCheck().isAfter(clock.instant().plus(Duration.ofMinutes(9))), "up: the full interval");
        clock.advance(Duration.ofMinutes(10));
        Job second = flappy.work(ask("w", 1)).get(0);
        flappy.results(new ResultBatch("w", List.of(ProbeResult.of(second.lease(), id, false, null, "timeout",
                null))));
        v = flappyReads.read(all -> all.get(0));
        assertEquals(State.UP, v.state(), "one failure is not yet down");
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), v.nextCheck(), "in doubt: retried in a minute");
        clock.advance(Duration.ofMinutes(1));
        Job third = flappy.work(ask("w", 1)).get(0);
        flappy.results(new ResultBatch("w", List.of(ProbeResult.of(third.lease(), id, false, null, "timeout",
                null))));
        v = flappyReads.read(all -> all.get(0));
        assertEquals(State.DOWN, v.state(), "the second failure confirms it");
        assertTrue(v.nextCheck().isAfter(clock.instant().plus(Duration.ofMinutes(5))), "confirmed: back to the interval");
    }

    @Test
    void eight_concurrent_workers_never_get_the_same_target_at_once() throws Exception {
        for (int i = 0; i < 400; i++) {
            dealer.addTarget(Specs.tcp("127.0.0.1", 1000 + i));
        }
        clock.advance(Duration.ofSeconds(2));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String name = "w" + w;
            futures.add(pool.submit(() -> {
                start.await();
                List<Long> mine = new ArrayList<>();
                for (int round = 0; round < 100; round++) {
                    for (Job j : dealer.work(ask(name, 3))) {
                        mine.add(j.targets().get(0).id());
                    }
                }
                return mine;
            }));
        }
        start.countDown();
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        assertEquals(400, all.size());
        assertEquals(400, new HashSet<>(all).size(), "a target was dealt to two workers at once");
    }

    @Test
    void long_poll_returns_as_soon_as_work_arrives() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<List<Job>> waiting = pool.submit(() -> dealer.work(
                new WorkRequest("w1", null, null, List.of(Kind.TCP), 1, 10_000)));
        Thread.sleep(100);
        assertFalse(waiting.isDone());
        dealer.addTarget(new TargetSpec(Kind.TCP, 4, null, null, "127.0.0.1", 80, null, null, null, new Source("t", 0),
                null, null, null));
        clock.advance(Duration.ofSeconds(2));
        dealer.checkNow(1);
        assertEquals(1, waiting.get(5, TimeUnit.SECONDS).size());
        pool.shutdown();
    }

    @Test
    void a_waiting_work_request_is_woken_when_a_result_makes_work_due_sooner() throws Exception {
        // the real clock: the wait and the due time are both in real time here
        Core live = new Core(Cores.settings(b -> b.interval(Duration.ofMillis(400)).spread(Duration.ofMillis(1))
                .allowPrivate(true)), java.time.Clock.systemUTC(), new Random(5), Feed.NONE);
        long id = live.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        Thread.sleep(5);
        Job first = live.work(ask("w1", 1)).get(0);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        long start = System.nanoTime();
        // nothing is queued while the target is leased: without a wake-up this waits its whole 8 s
        Future<List<Job>> waiting = pool.submit(() -> live.work(
                new WorkRequest("w2", null, null, List.of(Kind.TCP), 1, 8_000)));
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        live.results(new ResultBatch("w1", List.of(ProbeResult.of(first.lease(), id, true, 1.0, null, null))));
        List<Job> next = waiting.get(10, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        pool.shutdown();
        assertEquals(List.of(id), next.stream().map(j -> j.targets().get(0).id()).toList());
        assertTrue(ms < 4_000, "dealt when due again (400 ms after the result), not at the end of the wait: "
                + ms + " ms");
    }

    @Test
    void a_lease_lasts_at_least_its_targets_own_timeout_and_a_margin() throws Exception {
        TargetSpec slow = new TargetSpec(Kind.TCP, 4, null, null, "127.0.0.1", 80, null, null, null,
                new Source("tcp_v4.csv", 1),
                null, 600_000, null);
        long id = dealer.addTarget(slow).id();
        Job j = dueJobs("w1", 1).get(0);
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)).plus(Duration.ofSeconds(30)), j.deadline(),
                "a 10 minute timeout outlasts the 2 minute --lease-timeout");
        clock.advance(Duration.ofMinutes(9));
        assertEquals(0, dealer.expireLeases(), "still within the probe's own timeout");
        assertEquals(1, dealer.results(new ResultBatch("w1", List.of(ProbeResult.of(j.lease(), id, false, null,
                "timed out after 10m", null)))).accepted(), "the failure counts");
        assertEquals(1, view(id).checks());
    }

    @Test
    void counts_follow_targets_coming_going_and_changing_state_without_a_walk() throws Exception {
        long a = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        dealer.addTarget(Specs.tcp("127.0.0.1", 81));
        assertEquals(2, dealer.counts().targets());
        assertEquals(2, dealer.counts().count(Kind.TCP, State.UNKNOWN));
        clock.advance(Duration.ofSeconds(2));
        dealer.expireLeases(); // the reaper's tick brings "due" up to date
        assertEquals(2, dealer.counts().due());
        List<Job> jobs = dealer.work(ask("w1", 2));
        assertEquals(0, dealer.counts().due());
        assertEquals(2, dealer.counts().leased());
        dealer.results(new ResultBatch("w1", List.of(up(jobs.get(0)), ProbeResult.of(jobs.get(1).lease(),
                jobs.get(1).targets().get(0).id(), false, null, "refused", null))));
        assertEquals(1, dealer.counts().count(Kind.TCP, State.UP));
        assertEquals(1, dealer.counts().count(Kind.TCP, State.DOWN));
        assertEquals(0, dealer.counts().leased());
        assertEquals(1, dealer.counts().workersLastMinute());
        assertEquals(2, dealer.counts().resultsAccepted());
        dealer.applyList("tcp_v4.csv", List.of(Specs.tcp("127.0.0.1", 82, new Source("tcp_v4.csv", 1))));
        assertEquals(3, dealer.counts().targets());
        assertEquals(a, reads.view(a).orElseThrow().id(), "the read model has what the counts have");
        assertEquals(3, reads.size());
    }

    @Test
    void list_changes_add_update_and_remove_targets_and_keep_stats() throws Exception {
        TargetSpec a = Specs.tcp("127.0.0.1", 80, new Source("tcp_v4.csv", 1));
        TargetSpec b = Specs.tcp("127.0.0.1", 81, new Source("tcp_v4.csv", 2));
        Applied first = dealer.applyList("tcp_v4.csv", List.of(a, b));
        assertEquals(2, first.added());
        Job j = dueJobs("w", 1).get(0);
        dealer.results(new ResultBatch("w", List.of(up(j))));
        long checked = j.targets().get(0).id();
        // the same file again: nothing duplicated; b gone: removed; a moved to line 5: stats kept
        Applied second = dealer.applyList("tcp_v4.csv",
                List.of(Specs.tcp("127.0.0.1", checked == 1 ? 80 : 81, new Source("tcp_v4.csv", 5))));
        assertEquals(0, second.added());
        assertEquals(1, second.removed());
        assertEquals(1, dealer.size());
        assertEquals(1, view(checked).checks());
        assertEquals("tcp_v4.csv:5", view(checked).source());
    }

    @Test
    void a_row_in_two_files_is_imported_once_and_survives_either_file() throws Exception {
        dealer.applyList("tcp_v4.csv", List.of(Specs.tcp("127.0.0.1", 80, new Source("tcp_v4.csv", 1))));
        Applied other = dealer.applyList("tcp_v6.csv",
                List.of(Specs.tcp("127.0.0.1", 80, new Source("tcp_v6.csv", 3))));
        assertEquals(0, other.added());
        assertEquals("tcp_v6.csv:3: already listed in tcp_v4.csv:1", other.duplicates().get(0).toString());
        assertEquals(1, dealer.size());
        dealer.dropList("tcp_v4.csv");
        assertEquals(1, dealer.size(), "still listed by the other file");
        assertEquals("tcp_v6.csv:3", reads.read(all -> all.get(0).source()));
        dealer.dropList("tcp_v6.csv");
        assertEquals(0, dealer.size());
    }

    @Test
    void reload_keeps_stats_and_due_times() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        Job j = dueJobs("w", 1).get(0);
        dealer.results(new ResultBatch("w", List.of(up(j))));
        flusher.flushNow();
        ReadModel againReads = new ReadModel();
        Core again = new Core(dealer.settings(), clock, new Random(4), againReads);
        assertEquals(1, again.load(store.load().core()));
        TargetView v = againReads.read(all -> all.get(0));
        assertEquals(id, v.id());
        assertEquals(1, v.checks());
        assertNotNull(v.nextCheck());
        assertEquals(view(id).nextCheck(), v.nextCheck());
        Set<Long> fresh = Set.of(again.addTarget(Specs.tcp("127.0.0.1", 81)).id());
        assertFalse(fresh.contains(id), "ids are never reused");
    }
}
