package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.imports.ListSync;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.Specs;
import dogdorm.dealer.view.TargetView;
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

class DealerTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final Dealer dealer = new Dealer(new Dealer.Settings(Duration.ofMinutes(10), Duration.ofSeconds(120),
            Duration.ofSeconds(1), Duration.ofMinutes(1), Stats.Thresholds.IMMEDIATE, true), store, clock,
            new Random(3));

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
        return dealer.read(all -> all.stream().filter(t -> t.id() == id).findFirst().orElseThrow());
    }

    @Test
    void a_job_says_public_only_unless_private_addresses_are_allowed() throws Exception {
        TargetSpec byName = new TargetSpec(Kind.TCP, 4, null, "box.example", null, 80, null, null, null,
                new Source("tcp_v4.csv", 1), null, null, null, null);
        dealer.addTarget(byName);
        assertFalse(dueJobs("w1", 1).get(0).targets().get(0).publicOnly(), "this dealer has --allow-private");
        Dealer strict = new Dealer(new Dealer.Settings(Duration.ofMinutes(10), Duration.ofSeconds(120),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Stats.Thresholds.IMMEDIATE, false), new MemoryStore(),
                clock, new Random(3));
        strict.addTarget(byName);
        clock.advance(Duration.ofSeconds(2));
        assertTrue(strict.work(ask("w1", 1)).get(0).targets().get(0).publicOnly(),
                "the worker must not probe what the name resolves to if it is not public");
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
        assertEquals("unknown lease", a.results().get(1).reason());
        ResultsAnswer b = dealer.results(new ResultBatch("w2", List.of(up(again.get(0)), up(again.get(1)))));
        assertEquals(2, b.accepted(), "the rejected ones disturbed nothing");
        assertEquals(1, view(again.get(0).targets().get(0).id()).checks());
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
        Dealer flappy = new Dealer(new Dealer.Settings(Duration.ofMinutes(10), Duration.ofSeconds(120),
                Duration.ofSeconds(1), Duration.ofMinutes(1), new Stats.Thresholds(2, 1), true), store, clock,
                new Random(3));
        long id = flappy.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        clock.advance(Duration.ofSeconds(2));
        Job first = flappy.work(ask("w", 1)).get(0);
        flappy.results(new ResultBatch("w", List.of(up(first))));
        TargetView v = flappy.read(all -> all.get(0));
        assertEquals(State.UP, v.state());
        assertTrue(v.nextCheck().isAfter(clock.instant().plus(Duration.ofMinutes(9))), "up: the full interval");
        clock.advance(Duration.ofMinutes(10));
        Job second = flappy.work(ask("w", 1)).get(0);
        flappy.results(new ResultBatch("w", List.of(ProbeResult.of(second.lease(), id, false, null, "timeout",
                null))));
        v = flappy.read(all -> all.get(0));
        assertEquals(State.UP, v.state(), "one failure is not yet down");
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), v.nextCheck(), "in doubt: retried in a minute");
        clock.advance(Duration.ofMinutes(1));
        Job third = flappy.work(ask("w", 1)).get(0);
        flappy.results(new ResultBatch("w", List.of(ProbeResult.of(third.lease(), id, false, null, "timeout",
                null))));
        v = flappy.read(all -> all.get(0));
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
    void list_changes_add_update_and_remove_targets_and_keep_stats() throws Exception {
        TargetSpec a = Specs.tcp("127.0.0.1", 80, new Source("tcp_v4.csv", 1));
        TargetSpec b = Specs.tcp("127.0.0.1", 81, new Source("tcp_v4.csv", 2));
        ListSync.Applied first = dealer.applyList("tcp_v4.csv", List.of(a, b));
        assertEquals(2, first.added());
        Job j = dueJobs("w", 1).get(0);
        dealer.results(new ResultBatch("w", List.of(up(j))));
        long checked = j.targets().get(0).id();
        // the same file again: nothing duplicated; b gone: removed; a moved to line 5: stats kept
        ListSync.Applied second = dealer.applyList("tcp_v4.csv",
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
        ListSync.Applied other = dealer.applyList("tcp_v6.csv",
                List.of(Specs.tcp("127.0.0.1", 80, new Source("tcp_v6.csv", 3))));
        assertEquals(0, other.added());
        assertEquals("tcp_v6.csv:3: already listed in tcp_v4.csv:1", other.duplicates().get(0).toString());
        assertEquals(1, dealer.size());
        dealer.dropList("tcp_v4.csv");
        assertEquals(1, dealer.size(), "still listed by the other file");
        assertEquals("tcp_v6.csv:3", dealer.read(all -> all.get(0).source()));
        dealer.dropList("tcp_v6.csv");
        assertEquals(0, dealer.size());
    }

    @Test
    void a_failed_flush_keeps_the_changes_and_reports_until_a_flush_works() throws Exception {
        dealer.addTarget(Specs.tcp("127.0.0.1", 80));
        store.failing(true);
        Dealer.FlushStatus failed = dealer.flush();
        assertFalse(failed.ok());
        assertFalse(dealer.health().ok());
        assertEquals(1, dealer.health().unflushed());
        // checking goes on meanwhile
        Job j = dueJobs("w", 1).get(0);
        assertEquals(1, dealer.results(new ResultBatch("w", List.of(up(j)))).accepted());
        store.failing(false);
        Dealer.FlushStatus ok = dealer.flush();
        assertTrue(ok.ok());
        assertEquals(1, ok.rows());
        assertTrue(dealer.health().ok());
        assertEquals(1, store.load().targets().get(0).stats().checks);
    }

    @Test
    void flush_writes_only_what_changed() throws Exception {
        for (int i = 0; i < 10; i++) {
            dealer.addTarget(Specs.tcp("127.0.0.1", 100 + i));
        }
        assertEquals(10, dealer.flush().rows());
        assertEquals(0, dealer.flush().rows());
        Job j = dueJobs("w", 1).get(0);
        dealer.results(new ResultBatch("w", List.of(up(j))));
        assertEquals(1, dealer.flush().rows());
    }

    @Test
    void reload_keeps_stats_and_due_times() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        Job j = dueJobs("w", 1).get(0);
        dealer.results(new ResultBatch("w", List.of(up(j))));
        dealer.flush();
        Dealer again = new Dealer(dealer.settings(), store, clock, new Random(4));
        assertEquals(1, again.load());
        TargetView v = again.read(all -> all.get(0));
        assertEquals(id, v.id());
        assertEquals(1, v.checks());
        assertNotNull(v.nextCheck());
        assertEquals(view(id).nextCheck(), v.nextCheck());
        Set<Long> fresh = Set.of(again.addTarget(Specs.tcp("127.0.0.1", 81)).id());
        assertFalse(fresh.contains(id), "ids are never reused");
    }
}
