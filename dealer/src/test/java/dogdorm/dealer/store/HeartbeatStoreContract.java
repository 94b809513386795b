package dogdorm.dealer.store;

import static dogdorm.dealer.testkit.HeartbeatBuilder.T0;
import static dogdorm.dealer.testkit.HeartbeatBuilder.aToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.PingKind;
import dogdorm.dealer.heartbeat.Transition;
import java.nio.file.Path;
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

    private static Ping ping(long id, int second, PingKind kind) {
        return new Ping(id, T0.plusSeconds(second), kind, false, "POST", "192.0.2.7", "curl/8", "output " + second,
                9, false, kind == PingKind.SUCCESS ? 1500L : null);
    }

    private static HeartbeatStore.HeartbeatBatch batch(List<Heartbeat> runtime, List<Ping> pings,
                                                       List<Transition> transitions) {
        return new HeartbeatStore.HeartbeatBatch(runtime, pings, transitions);
    }

    @Test
    void an_inserted_token_loads_back_with_its_definition() throws Exception {
        Store store = open(dir);
        Heartbeat h = aToken().every("1h30m").grace("2m").named("db backup").build();
        long id = store.insertHeartbeat(h);
        Heartbeat back = reopen(store).loadHeartbeats().get(0);
        assertEquals(h.withId(id), back);
        assertEquals(Duration.ofMinutes(2), back.grace());
        assertEquals(HeartbeatState.NEW, back.recorded());
    }

    @Test
    void a_default_grace_stays_the_default() throws Exception {
        Store store = open(dir);
        store.insertHeartbeat(aToken().every("1h").build());
        Heartbeat back = reopen(store).loadHeartbeats().get(0);
        assertEquals(null, back.grace());
        assertEquals(Duration.ofMinutes(6), back.effectiveGrace());
    }

    @Test
    void ids_are_never_given_out_twice_even_after_a_delete() throws Exception {
        Store store = open(dir);
        long first = store.insertHeartbeat(aToken().token("AAAAAAAAAAAAAAAAAAAAAAA1").build());
        store.deleteHeartbeat(first);
        long second = store.insertHeartbeat(aToken().token("AAAAAAAAAAAAAAAAAAAAAAA2").build());
        assertNotEquals(first, second);
        assertEquals(List.of(second), reopen(store).loadHeartbeats().stream().map(Heartbeat::id).toList());
    }

    @Test
    void a_token_already_in_use_is_refused() throws Exception {
        Store store = open(dir);
        store.insertHeartbeat(aToken().token("SameSameSameSameSameSame").build());
        StoreException e = assertThrows(StoreException.class,
                () -> store.insertHeartbeat(aToken().token("SameSameSameSameSameSame").named("other").build()));
        assertFalse(e.getMessage().contains("SameSameSameSameSameSame"), "the token is not in the message");
        assertEquals(1, reopen(store).loadHeartbeats().size());
    }

    @Test
    void an_update_replaces_the_definition_and_keeps_the_runtime() throws Exception {
        Store store = open(dir);
        long id = store.insertHeartbeat(aToken().build());
        Heartbeat pinged = aToken().id(id).pingedAt(T0).recorded(HeartbeatState.UP).build();
        store.writeHeartbeats(batch(List.of(pinged), List.of(), List.of()));
        Heartbeat edited = aToken().id(id).build()
                .withSpec(new HeartbeatSpec("renamed", "now hourly", Duration.ofHours(2), Duration.ofMinutes(1)))
                .paused().resumed(T0.plusSeconds(60));
        store.updateHeartbeat(edited);
        Heartbeat back = reopen(store).loadHeartbeats().get(0);
        assertEquals("renamed", back.name());
        assertEquals("now hourly", back.description());
        assertEquals(Duration.ofHours(2), back.interval());
        assertEquals(Duration.ofMinutes(1), back.grace());
        assertTrue(back.enabled());
        assertEquals(T0.plusSeconds(60), back.resumedAt());
        assertEquals(T0, back.lastPing(), "the runtime was left alone");
        assertEquals(HeartbeatState.UP, back.recorded());
    }

    @Test
    void a_flush_writes_the_runtime_the_pings_and_the_transitions() throws Exception {
        Store store = open(dir);
        long id = store.insertHeartbeat(aToken().build());
        Heartbeat pinged = aToken().id(id).pingedAt(T0.plusSeconds(5)).failedAt(T0.plusSeconds(9))
                .recorded(HeartbeatState.DOWN).build();
        Transition up = new Transition(id, HeartbeatState.NEW, HeartbeatState.UP, T0.plusSeconds(5), "ping");
        Transition down = new Transition(id, HeartbeatState.UP, HeartbeatState.DOWN, T0.plusSeconds(9), "failure");
        store.writeHeartbeats(batch(List.of(pinged),
                List.of(ping(id, 5, PingKind.SUCCESS), ping(id, 9, PingKind.FAIL)), List.of(up, down)));
        store = reopen(store);
        Heartbeat back = store.loadHeartbeats().get(0);
        assertEquals(T0.plusSeconds(5), back.lastPing());
        assertEquals("192.0.2.7", back.lastSource());
        assertEquals(T0.plusSeconds(9), back.failedAt());
        assertEquals(HeartbeatState.DOWN, back.recorded());
        assertEquals(List.of(ping(id, 9, PingKind.FAIL), ping(id, 5, PingKind.SUCCESS)), store.pings(id, 10));
        assertEquals(List.of(down, up), store.transitions(id, 10));
        assertEquals(List.of(down), store.transitions(id, 1));
    }

    @Test
    void each_token_keeps_only_its_last_100_pings() throws Exception {
        Store store = open(dir);
        long a = store.insertHeartbeat(aToken().token("AAAAAAAAAAAAAAAAAAAAAAA1").build());
        long b = store.insertHeartbeat(aToken().token("AAAAAAAAAAAAAAAAAAAAAAA2").build());
        for (int round = 0; round < 3; round++) {
            List<Ping> pings = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pings.add(ping(a, round * 60 + i, PingKind.SUCCESS));
            }
            pings.add(ping(b, round, PingKind.START));
            store.writeHeartbeats(batch(List.of(), pings, List.of()));
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
        long id = store.insertHeartbeat(aToken().build());
        store.writeHeartbeats(batch(List.of(), List.of(ping(id, 1, PingKind.SUCCESS)),
                List.of(new Transition(id, HeartbeatState.NEW, HeartbeatState.UP, T0, "ping"))));
        store.deleteHeartbeat(id);
        store = reopen(store);
        assertTrue(store.loadHeartbeats().isEmpty());
        assertTrue(store.pings(id, 10).isEmpty());
        assertTrue(store.transitions(id, 10).isEmpty());
    }

    @Test
    void a_flush_for_a_token_deleted_meanwhile_writes_nothing_for_it() throws Exception {
        Store store = open(dir);
        long gone = store.insertHeartbeat(aToken().token("AAAAAAAAAAAAAAAAAAAAAAA1").build());
        long kept = store.insertHeartbeat(aToken().token("AAAAAAAAAAAAAAAAAAAAAAA2").build());
        store.deleteHeartbeat(gone);
        store.writeHeartbeats(batch(List.of(aToken().id(gone).pingedAt(T0).build()),
                List.of(ping(gone, 1, PingKind.SUCCESS), ping(kept, 2, PingKind.SUCCESS)),
                List.of(new Transition(gone, HeartbeatState.NEW, HeartbeatState.UP, T0, "ping"))));
        store = reopen(store);
        assertEquals(List.of(kept), store.loadHeartbeats().stream().map(Heartbeat::id).toList());
        assertTrue(store.pings(gone, 10).isEmpty());
        assertTrue(store.transitions(gone, 10).isEmpty());
        assertEquals(1, store.pings(kept, 10).size());
    }
}
