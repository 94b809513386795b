package dogdorm.dealer.store;

import static dogdorm.dealer.testkit.HeartbeatBuilder.T0;
import static dogdorm.dealer.testkit.HeartbeatBuilder.aToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.PingKind;
import dogdorm.dealer.heartbeat.Schedule;
import dogdorm.dealer.heartbeat.Transition;
import dogdorm.dealer.testkit.Batches;
import java.nio.file.Path;
import java.util.Set;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every store must do with heartbeat tokens; each implementation runs these through a subclass. */
abstract class HeartbeatStoreContract {
    @TempDir
    Path dir;

    abstract Store open(Path dir) throws Exception;

    /** Whether what was written survives closing and reopening (false for the memory store). */
    boolean durable() {
        return true;
    }

    private Store reopen(Store store) throws Exception {
        if (!durable()) {
            return store;
        }
        store.close();
        return open(dir);
    }

    private long pingIds;

    private Ping ping(long id, int second, PingKind kind) {
        return new Ping(++pingIds, id, T0.plusSeconds(second), kind, false, "POST", "192.0.2.7", "curl/8",
                "output " + second, 9, false, kind == PingKind.SUCCESS ? 1500L : null);
    }

    private static List<Heartbeat> tokens(Store store) throws Exception {
        return store.load().heartbeats().tokens();
    }

    private static void save(Store store, Heartbeat... hs) throws Exception {
        store.write(Batches.heartbeats(List.of(hs), Set.of(), List.of(), List.of()));
    }

    @Test
    void a_saved_token_loads_back_with_its_definition_and_runtime() throws Exception {
        Store store = open(dir);
        Heartbeat h = aToken().id(3).every("1h30m").grace("2m").named("db backup").pingedAt(T0)
                .recorded(HeartbeatState.UP).build();
        save(store, h);
        HeartbeatChanges.Stored back = reopen(store).load().heartbeats();
        assertEquals(List.of(h), back.tokens());
        assertEquals(Duration.ofMinutes(2), back.tokens().get(0).grace());
        assertEquals(3, back.lastId());
    }

    @Test
    void a_default_grace_stays_the_default() throws Exception {
        Store store = open(dir);
        save(store, aToken().every("1h").build());
        Heartbeat back = tokens(reopen(store)).get(0);
        assertEquals(null, back.grace());
        assertEquals(Duration.ofMinutes(6), back.effectiveGrace());
    }

    @Test
    void the_highest_ids_survive_a_delete() throws Exception {
        Store store = open(dir);
        save(store, aToken().id(1).token("AAAAAAAAAAAAAAAAAAAAAAA1").build());
        store.write(Batches.heartbeats(List.of(), Set.of(), List.of(ping(1, 1, PingKind.SUCCESS)),
                List.of(new Transition(4, 1, HeartbeatState.NEW, HeartbeatState.UP, T0, "ping"))));
        store.write(Batches.heartbeats(List.of(), Set.of(1L), List.of(), List.of()));
        HeartbeatChanges.Stored back = reopen(store).load().heartbeats();
        assertTrue(back.tokens().isEmpty());
        assertEquals(1, back.lastId());
        assertEquals(1, back.lastPingId());
        assertEquals(4, back.lastTransitionId());
    }

    @Test
    void a_token_already_in_use_is_refused_and_the_write_changes_nothing() throws Exception {
        Store store = open(dir);
        save(store, aToken().id(1).token("SameSameSameSameSameSame").build());
        StoreException e = assertThrows(StoreException.class,
                () -> save(store, aToken().id(2).token("SameSameSameSameSameSame").named("other").build()));
        assertFalse(e.getMessage().contains("SameSameSameSameSameSame"), "the token is not in the message");
        assertEquals(1, tokens(reopen(store)).size());
    }

    @Test
    void a_second_save_replaces_the_definition_and_the_runtime() throws Exception {
        Store store = open(dir);
        save(store, aToken().id(1).pingedAt(T0).recorded(HeartbeatState.UP).build());
        Heartbeat edited = aToken().id(1).pingedAt(T0).recorded(HeartbeatState.UP).build()
                .withSpec(new HeartbeatSpec("renamed", "now hourly", Schedule.every(Duration.ofHours(2)),
                        Duration.ofMinutes(1)))
                .paused().resumed(T0.plusSeconds(60));
        save(store, edited);
        Heartbeat back = tokens(reopen(store)).get(0);
        assertEquals(edited, back);
        assertEquals("renamed", back.name());
        assertTrue(back.enabled());
        assertEquals(T0.plusSeconds(60), back.resumedAt());
        assertEquals(T0, back.lastPing());
    }

    @Test
    void a_cron_schedule_comes_back_with_its_time_zone_and_an_edit_back_to_an_interval_clears_it() throws Exception {
        Store store = open(dir);
        Heartbeat cron = aToken().id(1).cron("30 2 * * 1-5", "Europe/Berlin").grace("2h").pingedAt(T0)
                .recorded(HeartbeatState.UP).build();
        save(store, cron);
        Store again = reopen(store);
        Heartbeat back = tokens(again).get(0);
        assertEquals(cron, back);
        assertEquals(cron.dueAt(), back.dueAt());
        Heartbeat hourly = back.withSpec(new HeartbeatSpec("nightly backup", "", Schedule.every(Duration.ofHours(1)),
                null));
        save(again, hourly);
        assertEquals(hourly, tokens(reopen(again)).get(0));
    }

    @Test
    void a_flush_writes_the_runtime_the_pings_and_the_transitions() throws Exception {
        Store store = open(dir);
        long id = 1;
        Heartbeat pinged = aToken().id(id).pingedAt(T0.plusSeconds(5)).failedAt(T0.plusSeconds(9))
                .recorded(HeartbeatState.DOWN).build();
        Transition up = new Transition(1, id, HeartbeatState.NEW, HeartbeatState.UP, T0.plusSeconds(5), "ping");
        Transition down = new Transition(2, id, HeartbeatState.UP, HeartbeatState.DOWN, T0.plusSeconds(9), "failure");
        Ping success = ping(id, 5, PingKind.SUCCESS);
        Ping fail = ping(id, 9, PingKind.FAIL);
        store.write(Batches.heartbeats(List.of(pinged), Set.of(), List.of(success, fail), List.of(up, down)));
        store = reopen(store);
        Heartbeat back = tokens(store).get(0);
        assertEquals(T0.plusSeconds(5), back.lastPing());
        assertEquals("192.0.2.7", back.lastSource());
        assertEquals(T0.plusSeconds(9), back.failedAt());
        assertEquals(HeartbeatState.DOWN, back.recorded());
        assertEquals(List.of(fail, success), store.pings(id, 10));
        assertEquals(List.of(down, up), store.transitions(id, 10));
        assertEquals(List.of(down), store.transitions(id, 1));
    }

    @Test
    void each_token_keeps_only_its_last_100_pings() throws Exception {
        Store store = open(dir);
        long a = 1;
        long b = 2;
        save(store, aToken().id(a).token("AAAAAAAAAAAAAAAAAAAAAAA1").build(),
                aToken().id(b).token("AAAAAAAAAAAAAAAAAAAAAAA2").build());
        for (int round = 0; round < 3; round++) {
            List<Ping> pings = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pings.add(ping(a, round * 60 + i, PingKind.SUCCESS));
            }
            pings.add(ping(b, round, PingKind.START));
            store.write(Batches.heartbeats(List.of(), Set.of(), pings, List.of()));
        }
        store = reopen(store);
        List<Ping> kept = store.pings(a, 1000);
        assertEquals(Ping.KEPT, kept.size());
        assertEquals(T0.plusSeconds(179), kept.get(0).at());
        assertEquals(T0.plusSeconds(80), kept.get(99).at());
        assertEquals(3, store.pings(b, 1000).size(), "another token's pings are its own");
    }

    @Test
    void deleting_a_token_deletes_its_pings_and_transitions() throws Exception {
        Store store = open(dir);
        long id = 1;
        save(store, aToken().id(id).build());
        store.write(Batches.heartbeats(List.of(), Set.of(), List.of(ping(id, 1, PingKind.SUCCESS)),
                List.of(new Transition(1, id, HeartbeatState.NEW, HeartbeatState.UP, T0, "ping"))));
        store.write(Batches.heartbeats(List.of(), Set.of(id), List.of(), List.of()));
        store = reopen(store);
        assertTrue(tokens(store).isEmpty());
        assertTrue(store.pings(id, 10).isEmpty());
        assertTrue(store.transitions(id, 10).isEmpty());
    }

    @Test
    void pings_and_transitions_of_a_token_deleted_in_the_same_flush_are_skipped() throws Exception {
        Store store = open(dir);
        long gone = 1;
        long kept = 2;
        save(store, aToken().id(gone).token("AAAAAAAAAAAAAAAAAAAAAAA1").build(),
                aToken().id(kept).token("AAAAAAAAAAAAAAAAAAAAAAA2").build());
        store.write(Batches.heartbeats(List.of(), Set.of(gone),
                List.of(ping(gone, 1, PingKind.SUCCESS), ping(kept, 2, PingKind.SUCCESS)),
                List.of(new Transition(1, gone, HeartbeatState.NEW, HeartbeatState.UP, T0, "ping"))));
        store = reopen(store);
        assertEquals(List.of(kept), tokens(store).stream().map(Heartbeat::id).toList());
        assertTrue(store.pings(gone, 10).isEmpty());
        assertTrue(store.transitions(gone, 10).isEmpty());
        assertEquals(1, store.pings(kept, 10).size());
    }
}
