package dogdorm.dealer.heartbeat;

import static dogdorm.dealer.heartbeat.HeartbeatState.DOWN;
import static dogdorm.dealer.heartbeat.HeartbeatState.LATE;
import static dogdorm.dealer.heartbeat.HeartbeatState.NEW;
import static dogdorm.dealer.heartbeat.HeartbeatState.PAUSED;
import static dogdorm.dealer.heartbeat.HeartbeatState.UP;
import static dogdorm.dealer.heartbeat.HeartbeatState.WAITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.flush.FlushStatus;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.read.History;
import dogdorm.dealer.testkit.Flushes;
import dogdorm.dealer.testkit.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The token table: pings and edits in memory, transitions recorded once, told once stored, the flush. */
class HeartbeatsTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final Heartbeats heartbeats = new Heartbeats(clock, new SecureRandom());
    private final Flusher flusher = Flushes.ofHeartbeats(store, heartbeats);
    private final History history = new History(store, new IncidentLog(), heartbeats, new ActionLog());
    private final List<Transition> heard = new ArrayList<>();

    {
        heartbeats.onTransition(heard::add);
    }

    private Heartbeat create(String interval) {
        return heartbeats.create(HeartbeatSpec.parse("nightly backup", "", interval, null));
    }

    /** The transitions told so far: they are told once a flush has stored them. */
    private List<Transition> heard() {
        flusher.flushNow();
        return heard;
    }

    private List<Heartbeat> stored() {
        return store.load().heartbeats().tokens();
    }

    private Heartbeats.Outcome ping(Heartbeat h) {
        return heartbeats.ping(h.token(), PingKind.SUCCESS, Heartbeats.Received.of("GET", "192.0.2.7"));
    }

    private HeartbeatState state(Heartbeat h) {
        return heartbeats.state(heartbeats.get(h.id()).orElseThrow());
    }

    private List<String> heardAsText() {
        return heard().stream().map(t -> t.from() + "->" + t.to()).toList();
    }

    @Test
    void a_created_token_is_stored_by_the_next_flush() throws Exception {
        Heartbeat h = create("1h");
        assertTrue(stored().isEmpty(), "memory only until the flush");
        flusher.flushNow();
        List<Heartbeat> stored = stored();
        assertEquals(1, stored.size());
        assertEquals(h.token(), stored.get(0).token());
        assertEquals(Schedule.every(Duration.ofHours(1)), stored.get(0).schedule());
        assertEquals(NEW, state(h));
    }

    @Test
    void created_tokens_are_unique_and_url_safe() throws Exception {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String t = create("1h").token();
            assertTrue(t.matches("[A-Za-z0-9_-]{24}"), t);
            tokens.add(t);
        }
        assertEquals(300, tokens.size());
    }

    @Test
    void a_ping_for_an_unknown_token_is_refused_and_changes_nothing() throws Exception {
        Heartbeat h = create("1h");
        assertEquals(Heartbeats.Outcome.UNKNOWN, heartbeats.ping("AAAAAAAAAAAAAAAAAAAAAAAA", PingKind.SUCCESS,
                Heartbeats.Received.of("GET", "192.0.2.7")));
        assertEquals(Heartbeats.Outcome.UNKNOWN, heartbeats.ping("../../etc", PingKind.SUCCESS,
                Heartbeats.Received.of("GET", "192.0.2.7")));
        assertEquals(NEW, state(h));
        assertEquals(2L, heartbeats.pingCounts().get("unknown"));
    }

    @Test
    void a_ping_makes_a_new_token_up_at_once_and_records_why() throws Exception {
        Heartbeat h = create("1h");
        assertEquals(Heartbeats.Outcome.RECORDED, ping(h));
        assertEquals(UP, state(h));
        assertEquals(List.of("new->up"), heardAsText());
        assertEquals("ping from 192.0.2.7", heard().get(0).reason());
        assertEquals("192.0.2.7", heartbeats.get(h.id()).orElseThrow().lastSource());
    }

    @Test
    void the_sweeper_records_late_then_down_each_exactly_once() throws Exception {
        Heartbeat h = create("1h"); // grace: 6m
        ping(h);
        heard().clear();
        clock.advance(Duration.ofMinutes(59));
        heartbeats.sweep();
        assertEquals(List.of(), heardAsText());
        clock.advance(Duration.ofMinutes(1));
        heartbeats.sweep();
        heartbeats.sweep();
        assertEquals(List.of("up->late"), heardAsText());
        clock.advance(Duration.ofMinutes(6));
        heartbeats.sweep();
        heartbeats.sweep();
        assertEquals(List.of("up->late", "late->down"), heardAsText());
        assertEquals("no ping within its interval of 1h + 6m grace", heard().get(1).reason());
        assertTrue(heard().get(1).fired());
        assertEquals(clock.instant(), heard().get(1).at());
    }

    @Test
    void a_ping_makes_a_down_token_up_at_once_not_at_the_next_sweep() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        clock.advance(Duration.ofHours(2));
        heartbeats.sweep();
        assertEquals(DOWN, state(h));
        ping(h);
        assertEquals(UP, state(h));
        assertEquals(List.of("new->up", "up->down", "down->up"), heardAsText());
        assertTrue(heard().get(2).recovered());
    }

    @Test
    void a_reported_failure_is_down_at_once_and_the_next_success_is_up_again() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        heartbeats.ping(h.token(), PingKind.FAIL, Heartbeats.Received.of("POST", "192.0.2.9"));
        assertEquals(DOWN, state(h));
        assertEquals("failure reported from 192.0.2.9", heard().get(1).reason());
        clock.advance(Duration.ofMinutes(5));
        ping(h);
        assertEquals(List.of("new->up", "up->down", "down->up"), heardAsText());
    }

    @Test
    void a_start_then_a_ping_records_how_long_the_run_took() throws Exception {
        Heartbeat h = create("1h");
        heartbeats.ping(h.token(), PingKind.START, Heartbeats.Received.of("GET", "192.0.2.7"));
        assertEquals(NEW, state(h), "a start is not a ping");
        assertEquals(clock.instant(), heartbeats.get(h.id()).orElseThrow().lastStart());
        clock.advance(Duration.ofSeconds(42));
        ping(h);
        Heartbeat after = heartbeats.get(h.id()).orElseThrow();
        assertEquals(42_000L, after.lastRunMs());
        assertNull(after.lastStart(), "the run is over");
        assertEquals(42_000L, history.pings(h.id(), 1).get(0).runMs());
    }

    @Test
    void pausing_a_down_token_records_down_to_paused_and_its_pings_are_ignored() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        clock.advance(Duration.ofHours(2));
        heartbeats.sweep();
        heartbeats.pause(h.id());
        assertEquals(PAUSED, state(h));
        flusher.flushNow();
        assertFalse(stored().get(0).enabled(), "the pause is stored by the flush");
        assertEquals(Heartbeats.Outcome.IGNORED, ping(h));
        assertEquals(PAUSED, state(h));
        assertEquals(List.of("new->up", "up->down", "down->paused"), heardAsText());
        Ping ignored = history.pings(h.id(), 1).get(0);
        assertTrue(ignored.ignored());
        assertEquals(clock.instant().minus(Duration.ofHours(2)), heartbeats.get(h.id()).orElseThrow().lastPing(),
                "an ignored ping is not a ping");
    }

    @Test
    void a_resumed_token_waits_for_a_ping_a_full_interval_before_it_can_fire_again() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        heartbeats.pause(h.id());
        clock.advance(Duration.ofDays(3));
        heartbeats.resume(h.id());
        assertEquals(WAITING, state(h), "nothing has pinged since the resume: not up");
        clock.advance(Duration.ofMinutes(59));
        heartbeats.sweep();
        assertEquals(WAITING, state(h));
        clock.advance(Duration.ofMinutes(7));
        heartbeats.sweep();
        assertEquals(List.of("new->up", "up->paused", "paused->waiting", "waiting->down"), heardAsText());
        assertEquals("resumed: waiting for a ping, due within 1h", heard().get(2).reason());
    }

    @Test
    void a_resumed_token_that_had_fired_is_up_at_its_first_ping_not_at_the_resume() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        clock.advance(Duration.ofHours(2));
        heartbeats.sweep();
        assertEquals(DOWN, state(h));
        heartbeats.pause(h.id());
        heartbeats.resume(h.id());
        assertEquals(WAITING, state(h));
        clock.advance(Duration.ofMinutes(5));
        ping(h);
        assertEquals(UP, state(h));
        assertEquals(List.of("new->up", "up->down", "down->paused", "paused->waiting", "waiting->up"),
                heardAsText());
    }

    @Test
    void a_cron_token_is_swept_late_and_down_by_its_runs_in_its_zone_across_the_spring_forward()
            throws Exception {
        clock.set(Instant.parse("2026-03-28T01:35:00Z")); // 28 March 02:35 CET
        Heartbeat h = heartbeats.create(HeartbeatSpec.parse("nightly backup", "", null, "30 2 * * *",
                "Europe/Berlin", null));
        ping(h);
        heard().clear();
        clock.set(Instant.parse("2026-03-29T12:00:00Z")); // no 02:30 on the 29th: nothing was due
        heartbeats.sweep();
        assertEquals(List.of(), heardAsText());
        clock.set(Instant.parse("2026-03-30T00:30:00Z")); // 30 March 02:30 CEST
        heartbeats.sweep();
        assertEquals(List.of("up->late"), heardAsText());
        assertEquals("no ping for its run due at 2026-03-30 02:30 Europe/Berlin", heard().get(0).reason());
        clock.set(Instant.parse("2026-03-30T01:30:00Z"));
        heartbeats.sweep();
        assertEquals(List.of("up->late", "late->down"), heardAsText());
        assertEquals("no ping for its run due at 2026-03-30 02:30 Europe/Berlin + 1h grace", heard().get(1).reason());
        clock.set(Instant.parse("2026-03-30T01:31:00Z"));
        ping(h);
        assertEquals(UP, state(h));
        assertEquals(Instant.parse("2026-03-31T00:30:00Z"), heartbeats.get(h.id()).orElseThrow().dueAt());
    }

    @Test
    void a_cron_token_is_swept_once_on_the_fall_back_day_not_again_at_the_repeated_time() throws Exception {
        clock.set(Instant.parse("2026-10-25T00:40:00Z")); // the first 02:30 ran, pinged at 02:40 CEST
        Heartbeat h = heartbeats.create(HeartbeatSpec.parse("nightly backup", "", null, "30 2 * * *",
                "Europe/Berlin", "5m"));
        ping(h);
        heard().clear();
        clock.set(Instant.parse("2026-10-25T01:35:00Z")); // the second 02:30 + 5 min, CET
        heartbeats.sweep();
        assertEquals(UP, state(h));
        assertEquals(List.of(), heardAsText());
        clock.set(Instant.parse("2026-10-26T01:35:00Z")); // 26 October 02:35 CET
        heartbeats.sweep();
        assertEquals(List.of("up->down"), heardAsText());
    }

    @Test
    void an_interval_edit_applies_at_once() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        clock.advance(Duration.ofMinutes(40));
        heartbeats.update(h.id(), HeartbeatSpec.parse("nightly backup", "every half hour now", "30m", null));
        assertEquals(DOWN, state(h), "40 min is past 30m + 3m grace");
        assertEquals(List.of("new->up", "up->down"), heardAsText());
        flusher.flushNow();
        assertEquals(Schedule.every(Duration.ofMinutes(30)), stored().get(0).schedule(),
                "the edit is stored by the flush");
        assertEquals("every half hour now", stored().get(0).description());
        heartbeats.update(h.id(), HeartbeatSpec.parse("nightly backup", "", "2h", null));
        assertEquals(UP, state(h));
    }

    @Test
    void pings_are_not_written_to_the_store_until_the_flush() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        ping(h);
        assertTrue(store.pings(h.id(), 100).isEmpty(), "no store write per ping");
        assertTrue(stored().isEmpty());
        assertEquals(2, history.pings(h.id(), 100).size(), "yet the ping log shows them");
        FlushStatus f = flusher.flushNow();
        assertTrue(f.ok());
        assertEquals(2, store.pings(h.id(), 100).size());
        assertEquals(clock.instant(), stored().get(0).lastPing());
        assertEquals(UP, stored().get(0).recorded());
        assertEquals(1, store.transitions(h.id(), 10).size());
        assertEquals(0, flusher.flushNow().rows(), "nothing new to write");
        assertEquals(2, history.pings(h.id(), 100).size(), "flushed pings are read from the store");
    }

    @Test
    void each_token_keeps_its_last_100_pings_newest_first() throws Exception {
        Heartbeat h = create("1h");
        for (int i = 0; i < 150; i++) {
            clock.advance(Duration.ofSeconds(1));
            ping(h);
            if (i == 70) {
                flusher.flushNow();
            }
        }
        List<Ping> pings = history.pings(h.id(), 1000);
        assertEquals(100, pings.size());
        assertEquals(clock.instant(), pings.get(0).at());
        assertEquals(clock.instant().minusSeconds(99), pings.get(99).at());
        flusher.flushNow();
        assertEquals(pings, history.pings(h.id(), 1000));
        assertEquals(150, heartbeats.get(h.id()).orElseThrow().pings(), "all are counted");
    }

    @Test
    void a_failed_flush_keeps_pings_and_transitions_for_the_next_one() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        store.failing(true);
        assertFalse(flusher.flushNow().ok());
        clock.advance(Duration.ofSeconds(5));
        ping(h);
        store.failing(false);
        assertTrue(flusher.flushNow().ok());
        assertEquals(2, store.pings(h.id(), 100).size());
        assertEquals(List.of(NEW), store.transitions(h.id(), 10).stream().map(Transition::from).toList());
        assertEquals(clock.instant(), stored().get(0).lastPing());
    }

    @Test
    void a_change_the_store_refuses_stays_made_and_is_stored_by_the_next_flush_that_works() throws Exception {
        Heartbeat h = create("1h");
        flusher.flushNow();
        store.failing(true);
        Heartbeat other = create("5m");
        heartbeats.pause(h.id());
        assertFalse(flusher.flushNow().ok());
        assertEquals(2, heartbeats.all().size());
        assertEquals(3, heartbeats.waiting(), "two tokens to save and the pause's transition");
        store.failing(false);
        assertTrue(flusher.flushNow().ok());
        assertEquals(List.of(h.id(), other.id()), stored().stream().map(Heartbeat::id).toList());
        assertFalse(stored().get(0).enabled());
    }

    @Test
    void a_deleted_token_is_unknown_to_pings_and_its_log_is_gone() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        flusher.flushNow();
        ping(h);
        assertTrue(heartbeats.delete(h.id()));
        assertEquals(Heartbeats.Outcome.UNKNOWN, ping(h));
        assertTrue(flusher.flushNow().ok());
        assertTrue(stored().isEmpty());
        assertTrue(store.pings(h.id(), 100).isEmpty(), "its pings went with it");
        assertFalse(heartbeats.delete(h.id()), "deleting twice is not an error, just nothing");
    }

    @Test
    void unknown_ids_are_empty_answers_not_errors() throws Exception {
        assertTrue(heartbeats.update(42, HeartbeatSpec.parse("x", "", "1h", null)).isEmpty());
        assertTrue(heartbeats.pause(42).isEmpty());
        assertTrue(heartbeats.resume(42).isEmpty());
        assertTrue(heartbeats.get(42).isEmpty());
    }

    @Test
    void after_a_restart_the_recorded_state_is_kept_and_nothing_is_recorded_twice() throws Exception {
        Heartbeat h = create("1h");
        ping(h);
        clock.advance(Duration.ofHours(2));
        heartbeats.sweep();
        flusher.flushNow();
        Heartbeats again = new Heartbeats(clock, new SecureRandom());
        Flusher againFlusher = Flushes.ofHeartbeats(store, again);
        List<Transition> heardAgain = new ArrayList<>();
        again.onTransition(heardAgain::add);
        assertEquals(1, again.load(store.load().heartbeats()));
        again.sweep();
        againFlusher.flushNow();
        assertEquals(List.of(), heardAgain);
        assertEquals(DOWN, again.state(again.get(h.id()).orElseThrow()));
        assertEquals(Heartbeats.Outcome.RECORDED, again.ping(h.token(), PingKind.SUCCESS,
                Heartbeats.Received.of("GET", "192.0.2.7")));
        againFlusher.flushNow();
        assertEquals(List.of(DOWN), heardAgain.stream().map(Transition::from).toList());
        Heartbeat another = again.create(HeartbeatSpec.parse("weekly", "", "7d", null));
        assertTrue(another.id() > h.id(), "ids go on from the stored ones");
    }

    @Test
    void counts_cover_every_state() throws Exception {
        Heartbeat a = create("1h");
        Heartbeat b = create("1h");
        create("1h");
        ping(a);
        ping(b);
        heartbeats.pause(b.id());
        var counts = heartbeats.counts();
        assertEquals(1, counts.get(UP));
        assertEquals(1, counts.get(PAUSED));
        assertEquals(1, counts.get(NEW));
        assertEquals(0, counts.get(DOWN));
        assertEquals(0, counts.get(LATE));
        assertEquals(0, counts.get(WAITING));
        clock.advance(Duration.ofMinutes(1));
        heartbeats.resume(b.id());
        assertEquals(1, heartbeats.counts().get(WAITING));
        assertEquals(0, heartbeats.counts().get(PAUSED));
    }

    @Test
    void a_listener_that_throws_does_not_stop_the_others_or_the_ping() throws Exception {
        heartbeats.onTransition(t -> {
            throw new IllegalStateException("webhook down");
        });
        List<Transition> second = new ArrayList<>();
        heartbeats.onTransition(second::add);
        Heartbeat h = create("1h");
        assertEquals(Heartbeats.Outcome.RECORDED, ping(h));
        assertEquals(0, second.size(), "told once stored");
        flusher.flushNow();
        assertEquals(1, second.size());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), second.get(0).at());
    }
}
