package dogdorm.dealer.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.testkit.Cores;
import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.action.ActionRecord;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.heartbeat.PingKind;
import dogdorm.common.Json;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Notifier;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.statuspage.StatusPageSpec;
import dogdorm.dealer.statuspage.StatusPages;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.Specs;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one writer: every part's changes in one transaction, given back when the store fails, reported. */
class FlusherTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final Core dealer = new Core(Cores.settings(b -> b.interval(Duration.ofMinutes(10))
            .spread(Duration.ofSeconds(1)).failThreshold(1).allowPrivate(true)), clock, new Random(3), Feed.NONE);
    private final Heartbeats heartbeats = new Heartbeats(clock, new SecureRandom());
    private final ActionLog actions = new ActionLog();
    private final Outbox outbox = new Outbox(new Notifier(List.of(), Json.newMapper(), Duration.ofSeconds(1), 1,
            Duration.ofMillis(1)));
    private final StatusPages statusPages = new StatusPages(clock);
    private final Flusher flusher = new Flusher(store, dealer.changes(), heartbeats, actions, outbox, statusPages,
            clock, new Flusher.Settings(Duration.ofHours(1), Duration.ofMillis(1)));
    /** The events the core hands over for sending, in order, once a flush that took them has run. */
    private final List<String> sent = new ArrayList<>();

    {
        dealer.changes().onFlushed(events -> events.forEach(e -> sent.add(e.type())));
        dealer.listen((t, from, to, cause, worker, at) -> dealer.record(new Event(outbox.nextId(),
                from + "->" + to, at, "changed", Map.of())));
    }

    @AfterEach
    void stop() {
        flusher.stop();
    }

    /** Checks the target {@code id} (the only one due), or whichever is due first when {@code id} is 0. */
    private void check(long id, boolean up) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<Job> jobs = dealer.work(new WorkRequest("w", null, null, List.of(Kind.TCP), 1, 0));
            if (!jobs.isEmpty()) {
                long target = id > 0 ? id : jobs.get(0).targets().get(0).id();
                dealer.results(new ResultBatch("w", List.of(ProbeResult.of(jobs.get(0).lease(), target, up,
                        up ? 1.0 : null, up ? null : "refused", Map.of()))));
                return;
            }
            clock.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("never due");
    }

    @Test
    void a_failed_flush_keeps_every_part_and_reports_until_a_flush_works() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        Heartbeat h = heartbeats.create(HeartbeatSpec.parse("backup", "", "1h", null));
        actions.open(id, "111", "reboot", clock.instant());
        statusPages.create(new StatusPageSpec("home", "Home", null, List.of(id), null));
        store.failing(true);
        FlushStatus failed = flusher.flushNow();
        assertFalse(failed.ok());
        assertEquals("memory store told to fail", failed.error());
        FlushHealth health = flusher.health();
        assertFalse(health.ok());
        assertEquals(clock.instant(), health.failingSince());
        assertEquals(Map.of("core", 1, "heartbeats", 1, "actions", 1, "delivered events", 0, "status pages", 1,
                "being written", 0), health.waiting());
        // checking goes on meanwhile
        check(id, true);
        heartbeats.ping(h.token(), PingKind.SUCCESS, Heartbeats.Received.of("GET", "192.0.2.7"));
        store.failing(false);
        FlushStatus ok = flusher.flushNow();
        assertTrue(ok.ok());
        assertTrue(flusher.health().ok());
        assertNull(flusher.health().failingSince());
        assertEquals(0, flusher.health().waitingTotal());
        var loaded = store.load();
        assertEquals(1, loaded.core().targets().get(0).stats().checks);
        assertEquals(1, loaded.heartbeats().tokens().get(0).pings());
        assertEquals(1, store.pings(h.id(), 10).size());
        assertEquals(1, loaded.newestActions().size());
        assertEquals(List.of("home"), loaded.statusPages().pages().stream().map(p -> p.slug()).toList());
    }

    @Test
    void what_is_being_written_counts_as_unflushed_until_it_is_stored() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        check(id, true);
        check(id, false); // an incident opens
        int waiting = flusher.health().waitingTotal();
        assertTrue(waiting >= 2, "the target and its incident wait: " + flusher.health().waiting());
        List<Map<String, Integer>> during = new ArrayList<>();
        store.beforeWrite(() -> during.add(flusher.health().waiting()));
        FlushStatus s = flusher.flushNow();
        assertEquals(1, during.size());
        assertEquals(s.rows(), during.get(0).get("being written"), "mid-write: " + during);
        assertEquals(s.rows(), during.get(0).values().stream().mapToInt(Integer::intValue).sum(),
                "taken from the parts, not lost from the count");
        assertEquals(0, flusher.health().waitingTotal(), "stored: " + flusher.health().waiting());
    }

    @Test
    void a_flush_writes_only_what_changed() throws Exception {
        for (int i = 0; i < 10; i++) {
            dealer.addTarget(Specs.tcp("127.0.0.1", 100 + i));
        }
        assertEquals(10, flusher.flushNow().rows());
        assertEquals(0, flusher.flushNow().rows());
        check(0, true);
        assertEquals(2, flusher.flushNow().rows(), "the checked target's row and the event its first check caused");
    }

    @Test
    void an_outage_is_stored_with_the_state_that_opened_it_and_its_events_and_sent_after() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        check(id, true);
        check(id, false);
        assertNotNull(dealer.incidents().openFor(id), "open in memory at once");
        assertTrue(store.openIncidents().isEmpty());
        assertEquals(List.of(), sent, "nothing is sent before it is stored");
        flusher.flushNow();
        assertEquals(List.of("UNKNOWN->UP", "UP->DOWN"), sent);
        assertEquals(List.of("UNKNOWN->UP", "UP->DOWN"), store.load().undelivered().stream().map(Event::type)
                .toList(), "stored with the change, until every webhook is done with them");
        var core = store.load().core();
        assertEquals("down", core.targets().get(0).stats().state.wire());
        Incident open = core.openIncidents().get(0);
        assertEquals(id, open.targetId());
        assertEquals(open.id(), dealer.incidents().openFor(id).id());
    }

    @Test
    void what_a_failed_flush_took_is_sent_since_an_alert_must_not_wait_for_a_disk_and_stored_later() throws Exception {
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        store.failing(true);
        check(id, true);
        flusher.flushNow();
        assertEquals(List.of("UNKNOWN->UP"), sent);
        store.failing(false);
        flusher.flushNow();
        assertEquals(List.of("UNKNOWN->UP", "UNKNOWN->UP"), sent, "handed over again once stored: the outbox sends "
                + "each event once in a run");
        assertEquals(1, store.load().core().targets().get(0).stats().checks);
        assertEquals(1, store.load().undelivered().size());
    }

    @Test
    void the_thread_flushes_soon_after_it_is_asked_and_flush_now_waits_for_it() throws Exception {
        flusher.start();
        long id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        ActionRecord a = actions.open(id, "111", "reboot", clock.instant());
        flusher.soon();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (store.actions(null, 10).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(List.of(a), store.actions(null, 10));
        actions.finish(a, 201, 9L, "completed", null, clock.instant());
        assertTrue(flusher.flushNow().ok());
        assertEquals("completed", store.actions(null, 10).get(0).finalStatus());
    }

    @Test
    void stop_stores_what_is_left_and_says_whether_it_could() throws Exception {
        flusher.start();
        dealer.addTarget(Specs.tcp("127.0.0.1", 80));
        store.failing(true);
        FlushStatus last = flusher.stop();
        assertFalse(last.ok());
        assertEquals(1, flusher.health().waiting().get("core"));
    }
}
