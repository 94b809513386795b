package dogdorm.dealer.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.notify.Notifier;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import dogdorm.dealer.testkit.Flushes;
import dogdorm.dealer.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The remediation rules on a test clock: one reboot, a quiet cooldown, one power cycle, then nothing. */
class RemediationTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    /** The audit of the dealer now running, and its flusher; a restart starts from what they stored. */
    private ActionLog audit = new ActionLog();
    private Flusher flusher = Flushes.of(store, null, null, audit);
    private final MockWebServer api = new MockWebServer();
    private final ExecutorService calls = Executors.newSingleThreadExecutor();
    private final Target target = new TargetTable().add(TargetSpec.simple(Kind.TCP, 4, "203.0.113.10", 443,
            Source.labelled("keepalive:test.conf", "1.1")));

    @AfterEach
    void stop() {
        calls.shutdownNow();
        api.close();
    }

    private Remediation remediation(boolean dryRun) throws Exception {
        api.start();
        return another(dryRun);
    }

    /** A remediation on the same stored audit and API, as a restarted dealer would have. */
    private Remediation another(boolean dryRun) {
        flusher.flushNow();
        Store.Loaded loaded = store.load();
        audit = new ActionLog();
        audit.load(loaded.newestActions(), loaded.lastActionId());
        flusher = Flushes.of(store, null, null, audit);
        Flusher current = flusher;
        DigitalOcean digitalOcean = new DigitalOcean(api.url("/").toString(), DigitalOcean.client(
                Duration.ofSeconds(2), Duration.ofSeconds(2)), Json.newMapper(), 2, Duration.ofMillis(10), d -> { });
        Outbox outbox = new Outbox(new Notifier(List.of(), Json.newMapper(), Duration.ofSeconds(1), 1,
                Duration.ofMillis(1)));
        Remediation r = new Remediation(new Remediation.Settings(3, Duration.ofMinutes(15), dryRun,
                Duration.ofMillis(10), 3), digitalOcean, audit, () -> current.flushNow().ok(), outbox, clock, calls);
        r.bind("test.conf", Map.of(TargetKey.of(target.spec()), new Remediation.Binding("424242", "tok")));
        return r;
    }

    /** One normal check, one minute after the last. */
    private void check(Remediation r, boolean up) {
        clock.advance(Duration.ofMinutes(1));
        target.stats().record(up, up ? 1.0 : null, up ? null : "refused", clock.instant(), "w",
                new Stats.Thresholds(2, 1));
        r.checked(target, up, clock.instant());
    }

    private void answers() {
        for (int i = 0; i < 10; i++) {
            api.enqueue(new MockResponse.Builder().code(201).body("{\"action\":{\"id\":" + (100 + i)
                    + ",\"status\":\"completed\"}}").build());
        }
    }

    /** The API requests made once every queued call has run. */
    private int requestsAfterCalls() throws InterruptedException {
        calls.shutdown();
        calls.awaitTermination(5, TimeUnit.SECONDS);
        return api.getRequestCount();
    }

    @Test
    void one_reboot_after_three_failures_nothing_while_cooling_one_power_cycle_then_nothing() throws Exception {
        Remediation r = remediation(false);
        answers();
        check(r, true);
        check(r, false);
        check(r, false);
        assertEquals(0, actions().size(), "two failures: nothing yet");
        check(r, false);
        assertEquals(List.of("reboot"), actions().stream().map(ActionRecord::type).toList());
        for (int i = 0; i < 13; i++) {
            check(r, false); // minutes 1..13 of the cooldown
        }
        assertEquals(1, actions().size(), "nothing during the cooldown");
        check(r, false);
        check(r, false); // 15 minutes after the reboot, still down
        assertEquals(List.of("power_cycle", "reboot"), actions().stream().map(ActionRecord::type)
                .toList());
        for (int i = 0; i < 60; i++) {
            check(r, false);
        }
        assertEquals(2, actions().size(), "after the power cycle, no more actions");
        check(r, true);
        for (int i = 0; i < 2; i++) {
            check(r, false);
        }
        assertEquals(2, actions().size(), "up again: a new outage starts counting from zero");
        check(r, false);
        assertEquals(3, actions().size(), "the third failure of a new outage reboots again");
        assertEquals(3, requestsAfterCalls(), "three POSTs; each answered 'completed', so no polling");
    }

    /** What the audit stored, newest first. */
    private List<ActionRecord> actions() throws Exception {
        flusher.flushNow();
        return store.actions(null, 10);
    }

    private List<String> actionTypes() throws Exception {
        return actions().stream().map(ActionRecord::type).toList();
    }

    /** A remediation whose droplet was just rebooted: up once, then the three failures that ask for it. */
    private Remediation rebooted() throws Exception {
        return rebooted(false);
    }

    /** As {@link #rebooted()}, or only audited as a reboot when {@code dryRun}. */
    private Remediation rebooted(boolean dryRun) throws Exception {
        Remediation r = remediation(dryRun);
        answers();
        check(r, true);
        for (int i = 0; i < 3; i++) {
            check(r, false);
        }
        assertEquals(List.of("reboot"), actionTypes());
        return r;
    }

    @Test
    void a_moment_up_while_booting_does_not_start_the_escalation_over() throws Exception {
        Remediation r = rebooted();
        check(r, true); // minute 1 of the cooldown: the port opens for a moment while the droplet boots
        for (int i = 0; i < 12; i++) {
            check(r, false); // minutes 2..13: down again, inside the cooldown
        }
        assertEquals(List.of("reboot"), actionTypes(), "nothing until the cooldown is over");
        check(r, false);
        check(r, false); // minute 15
        assertEquals(List.of("power_cycle", "reboot"), actionTypes(),
                "the reboot did not help: the escalation goes on, no second reboot");
    }

    @Test
    void a_good_check_after_the_cooldown_ends_the_episode() throws Exception {
        Remediation r = rebooted();
        for (int i = 0; i < 15; i++) {
            check(r, false);
        }
        assertEquals(List.of("power_cycle", "reboot"), actionTypes());
        for (int i = 0; i < 15; i++) {
            check(r, false);
        }
        check(r, true); // after the power cycle's cooldown: it answers again
        for (int i = 0; i < 3; i++) {
            check(r, false);
        }
        assertEquals(List.of("reboot", "power_cycle", "reboot"), actionTypes(), "a new outage starts with a reboot");
    }

    @Test
    void a_restarted_dealer_keeps_the_cooldown_and_the_phase_from_the_audit() throws Exception {
        Remediation first = rebooted();
        Remediation restarted = another(false);
        for (int i = 0; i < 13; i++) {
            check(restarted, false); // minutes 1..13 of the cooldown, failures counted on from before
        }
        assertEquals(List.of("reboot"), actionTypes(), "no reboot at start-up, nothing during the cooldown");
        check(restarted, false);
        check(restarted, false);
        assertEquals(List.of("power_cycle", "reboot"), actionTypes(), "the escalation goes on where it was");
        Remediation again = another(false);
        for (int i = 0; i < 60; i++) {
            check(again, false);
        }
        assertEquals(2, actions().size(), "after the power cycle, nothing, restarts or not");
    }

    @Test
    void a_restarted_dealer_does_not_carry_on_an_old_episode_or_a_dry_runs() throws Exception {
        rebooted(true); // a dry run's reboot, audited
        Remediation live = another(false);
        check(live, false); // a fourth failure in a row, now for real
        assertEquals(List.of("reboot", "reboot"), actionTypes(),
                "the first action sent is a reboot, not the power cycle that would follow a real one");
        clock.advance(Duration.ofDays(90)); // long forgotten, and still down, never seen up since
        Remediation later = another(false);
        check(later, false);
        assertEquals(List.of("reboot", "reboot", "reboot"), actionTypes(),
                "an old episode is over: a new one starts with a reboot, not a power cycle");
    }

    @Test
    void a_restarted_dealer_starts_over_for_a_droplet_that_answered_since_its_last_action() throws Exception {
        Remediation first = rebooted();
        check(first, true); // the reboot worked
        clock.advance(Duration.ofMinutes(30));
        Remediation restarted = another(false);
        for (int i = 0; i < 2; i++) {
            check(restarted, false);
        }
        assertEquals(List.of("reboot"), actionTypes(), "a new outage counts from zero");
        check(restarted, false);
        assertEquals(List.of("reboot", "reboot"), actionTypes(), "and starts with a reboot, not a power cycle");
    }

    @Test
    void dry_run_audits_what_it_would_send_and_sends_nothing() throws Exception {
        rebooted(true);
        ActionRecord a = actions().get(0);
        assertEquals("reboot", a.type());
        assertEquals("dry-run", a.finalStatus());
        assertEquals("424242", a.dropletId());
        assertEquals(0, requestsAfterCalls());
    }

    @Test
    void a_target_without_a_droplet_is_left_alone() throws Exception {
        Remediation r = remediation(false);
        r.unbind("test.conf");
        for (int i = 0; i < 10; i++) {
            check(r, false);
        }
        assertTrue(actions().isEmpty());
    }
}
