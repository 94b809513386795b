package dogdorm.dealer.incident;

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
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.read.History;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.testkit.Flushes;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.Specs;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentLogTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final Core dealer = new Core(Cores.settings(b -> b.interval(Duration.ofMinutes(10))
            .spread(Duration.ofSeconds(1)).failThreshold(2).allowPrivate(true)), clock, new Random(1), Feed.NONE);
    private final IncidentLog log = dealer.incidents();
    private final Flusher flusher = Flushes.ofCore(store, dealer.changes());
    private final History history = new History(store, log, new Heartbeats(clock, new SecureRandom()),
            new ActionLog());
    private long id;

    @BeforeEach
    void setUp() {
        id = dealer.addTarget(Specs.tcp("127.0.0.1", 80)).id();
        clock.advance(Duration.ofSeconds(2));
    }

    /** Waits (on the test clock) until the target is due, and answers it. */
    private void check(boolean up, String error, String worker) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<Job> jobs = dealer.work(new WorkRequest(worker, null, null, List.of(Kind.TCP), 1, 0));
            if (!jobs.isEmpty()) {
                dealer.results(new ResultBatch(worker, List.of(ProbeResult.of(jobs.get(0).lease(), id, up,
                        up ? 1.0 : null, error, null))));
                return;
            }
            clock.advance(Duration.ofSeconds(30));
        }
        throw new AssertionError("never due");
    }

    @Test
    void a_confirmed_outage_is_one_incident_with_its_first_error_start_and_worker() throws Exception {
        check(true, null, "w1");
        check(false, "connection refused", "w-ams");
        Instant firstFailure = clock.instant();
        flusher.flushNow();
        assertTrue(store.openIncidents().isEmpty(), "one failure is not an outage yet");
        check(false, "timed out", "w-nyc");
        assertEquals(id, log.openFor(id).targetId(), "open in memory at once");
        flusher.flushNow();
        assertEquals(1, store.openIncidents().size());
        Incident i = store.openIncidents().get(0);
        assertEquals(id, i.targetId());
        assertEquals("connection refused", i.description());
        assertEquals(firstFailure, i.downAt());
        assertEquals("w-ams", i.worker());
        assertNull(i.upAt());
        check(false, "timed out", "w-nyc");
        flusher.flushNow();
        assertEquals(1, store.incidents(id, 10).size(), "still the same incident");
        check(true, null, "w1");
        Instant back = clock.instant();
        flusher.flushNow();
        Incident closed = store.incidents(id, 10).get(0);
        assertEquals(back, closed.upAt());
        assertTrue(store.openIncidents().isEmpty());
        assertNull(log.openFor(id));
    }

    @Test
    void a_target_down_from_its_first_check_gets_an_incident_once_confirmed() throws Exception {
        check(false, "refused", "w-ams");
        Instant firstFailure = clock.instant();
        flusher.flushNow();
        assertTrue(store.incidents(id, 10).isEmpty(), "one failure is not an outage yet");
        check(false, "timed out", "w-nyc");
        flusher.flushNow();
        Incident i = store.incidents(id, 10).get(0);
        assertEquals("refused", i.description());
        assertEquals(firstFailure, i.downAt());
        assertEquals("w-ams", i.worker());
        check(true, null, "w1");
        flusher.flushNow();
        assertNotNull(store.incidents(id, 10).get(0).upAt(), "closed when it comes up");
    }

    @Test
    void incidents_refused_by_the_store_are_kept_shown_and_stored_later() throws Exception {
        check(true, null, "w");
        store.failing(true);
        check(false, "boom", "w");
        check(false, "boom", "w");
        check(true, null, "w");
        assertFalse(flusher.flushNow().ok());
        assertEquals(1, history.incidents(id, 10).size(), "shown while waiting to be stored");
        assertEquals(1, log.waiting(), "the incident waits, with its closing");
        store.failing(false);
        assertTrue(flusher.flushNow().ok());
        assertEquals(0, log.waiting());
        Incident i = store.incidents(id, 10).get(0);
        assertEquals("boom", i.description());
        assertTrue(i.upAt() != null);
    }
}
