package dogdorm.dealer.heartbeat;

import static dogdorm.dealer.heartbeat.HeartbeatState.DOWN;
import static dogdorm.dealer.heartbeat.HeartbeatState.LATE;
import static dogdorm.dealer.heartbeat.HeartbeatState.NEW;
import static dogdorm.dealer.heartbeat.HeartbeatState.PAUSED;
import static dogdorm.dealer.heartbeat.HeartbeatState.UP;
import static dogdorm.dealer.heartbeat.HeartbeatState.WAITING;
import static dogdorm.dealer.testkit.HeartbeatBuilder.T0;
import static dogdorm.dealer.testkit.HeartbeatBuilder.aToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dogdorm.common.Durations;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one pure function that says what state a token is in, at fixed instants. */
class HeartbeatStateTest {
    private static final Duration MS = Duration.ofMillis(1);

    private static Instant at(String d) {
        return T0.plus(Durations.parse(d));
    }

    @Test
    void a_token_never_pinged_is_new_and_never_fires() {
        Heartbeat h = aToken().every("1h").build();
        assertEquals(NEW, HeartbeatState.of(h, T0));
        assertEquals(NEW, HeartbeatState.of(h, at("30d")));
    }

    @Test
    void a_pinged_token_is_up_until_one_millisecond_before_its_interval() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).build();
        assertEquals(UP, HeartbeatState.of(h, T0));
        assertEquals(UP, HeartbeatState.of(h, at("1h").minus(MS)));
    }

    @Test
    void exactly_at_the_interval_it_is_late() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).build();
        assertEquals(LATE, HeartbeatState.of(h, at("1h")));
    }

    @Test
    void one_millisecond_before_interval_plus_grace_it_is_still_late() {
        Heartbeat h = aToken().every("1h").grace("5m").pingedAt(T0).build();
        assertEquals(LATE, HeartbeatState.of(h, at("1h5m").minus(MS)));
    }

    @Test
    void exactly_at_interval_plus_grace_it_is_down() {
        Heartbeat h = aToken().every("1h").grace("5m").pingedAt(T0).build();
        assertEquals(DOWN, HeartbeatState.of(h, at("1h5m")));
        assertEquals(DOWN, HeartbeatState.of(h, at("30d")));
    }

    @Test
    void the_default_grace_is_a_tenth_of_the_interval_and_at_least_30_seconds() {
        assertEquals(Duration.ofMinutes(6), aToken().every("1h").build().effectiveGrace());
        assertEquals(Duration.ofSeconds(30), aToken().every("2m").build().effectiveGrace());
        Heartbeat h = aToken().every("1h").pingedAt(T0).build();
        assertEquals(LATE, HeartbeatState.of(h, at("1h6m").minus(MS)));
        assertEquals(DOWN, HeartbeatState.of(h, at("1h6m")));
    }

    @Test
    void a_reported_failure_is_down_at_once_though_the_interval_has_not_passed() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).failedAt(at("1m")).build();
        assertEquals(DOWN, HeartbeatState.of(h, at("1m")));
    }

    @Test
    void a_failure_reported_before_any_ping_is_down_too() {
        assertEquals(DOWN, HeartbeatState.of(aToken().failedAt(T0).build(), T0));
    }

    @Test
    void a_ping_while_down_makes_it_up() {
        Heartbeat down = aToken().every("1h").pingedAt(T0).build();
        assertEquals(DOWN, HeartbeatState.of(down, at("3h")));
        assertEquals(UP, HeartbeatState.of(down.succeeded(at("3h"), "192.0.2.8", null), at("3h")));
        Heartbeat failed = aToken().every("1h").pingedAt(T0).failedAt(at("1m")).build();
        assertEquals(UP, HeartbeatState.of(failed.succeeded(at("2m"), "192.0.2.8", null), at("2m")));
    }

    @Test
    void a_paused_token_is_paused_whatever_its_pings_say() {
        assertEquals(PAUSED, HeartbeatState.of(aToken().paused().build(), T0));
        assertEquals(PAUSED, HeartbeatState.of(aToken().every("1h").pingedAt(T0).paused().build(), at("30d")));
        assertEquals(PAUSED, HeartbeatState.of(aToken().failedAt(T0).paused().build(), T0));
    }

    @Test
    void pausing_a_down_token_makes_it_paused() {
        Heartbeat down = aToken().every("1h").pingedAt(T0).build();
        assertEquals(DOWN, HeartbeatState.of(down, at("2h")));
        assertEquals(PAUSED, HeartbeatState.of(down.paused(), at("2h")));
    }

    @Test
    void a_resumed_token_waits_for_a_ping_a_full_interval_from_the_moment_it_was_resumed() {
        Heartbeat h = aToken().every("1h").grace("5m").pingedAt(T0).paused().build().resumed(at("10h"));
        assertEquals(WAITING, HeartbeatState.of(h, at("10h")), "nothing has pinged since: not up");
        assertEquals(WAITING, HeartbeatState.of(h, at("11h").minus(MS)));
        assertEquals(LATE, HeartbeatState.of(h, at("11h")));
        assertEquals(DOWN, HeartbeatState.of(h, at("11h5m")));
    }

    @Test
    void a_resumed_token_that_had_fired_waits_for_a_ping_and_its_first_ping_makes_it_up() {
        Heartbeat fired = aToken().every("1h").pingedAt(T0).build();
        assertEquals(DOWN, HeartbeatState.of(fired, at("3h")));
        Heartbeat resumed = fired.paused().resumed(at("3h"));
        assertEquals(WAITING, HeartbeatState.of(resumed, at("3h")));
        Heartbeat pinged = resumed.succeeded(at("3h10m"), "192.0.2.8", null);
        assertEquals(UP, HeartbeatState.of(pinged, at("3h10m")));
        assertEquals(UP, HeartbeatState.of(pinged, at("4h10m").minus(MS)), "the interval counts from the ping");
    }

    @Test
    void a_resumed_token_that_was_never_pinged_is_new() {
        assertEquals(NEW, HeartbeatState.of(aToken().paused().build().resumed(at("1h")), at("1h")));
    }

    @Test
    void a_failure_from_before_the_resume_no_longer_counts_but_one_after_it_does() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).failedAt(at("1m")).paused().build().resumed(at("2m"));
        assertEquals(WAITING, HeartbeatState.of(h, at("2m")));
        assertEquals(DOWN, HeartbeatState.of(h.failed(at("3m"), null), at("3m")));
    }

    @Test
    void a_shorter_interval_applies_at_once_and_a_longer_one_too() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).build();
        assertEquals(UP, HeartbeatState.of(h, at("40m")));
        Heartbeat shorter = h.withSpec(new HeartbeatSpec("nightly backup", "", Schedule.every(Duration.ofMinutes(30)),
                null));
        assertEquals(DOWN, HeartbeatState.of(shorter, at("40m")), "30m + 3m default grace passed");
        Heartbeat longer = h.withSpec(new HeartbeatSpec("nightly backup", "", Schedule.every(Duration.ofHours(2)),
                null));
        assertEquals(UP, HeartbeatState.of(longer, at("90m")));
    }

    @Test
    void a_start_alone_changes_no_state() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).build();
        assertEquals(LATE, HeartbeatState.of(h.started(at("1h")), at("1h")));
        assertEquals(NEW, HeartbeatState.of(aToken().build().started(T0), T0));
    }

    // ---- cron schedules, at fixed instants across Europe/Berlin's clock changes of 2026 ----------------------

    private static Heartbeat nightly(Instant lastPing) {
        return aToken().cron("30 2 * * *", "Europe/Berlin").pingedAt(lastPing).build();
    }

    private static Instant utc(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void a_cron_token_is_due_at_its_next_run_late_from_then_and_down_once_the_grace_has_passed() {
        Heartbeat h = nightly(utc("2026-07-14T00:41:00Z")); // the 14 July run pinged at 02:41 CEST
        assertEquals(utc("2026-07-15T00:30:00Z"), h.dueAt(), "15 July 02:30 CEST");
        assertEquals(Duration.ofHours(1), h.effectiveGrace(), "a cron schedule's default grace");
        assertEquals(UP, HeartbeatState.of(h, utc("2026-07-15T00:30:00Z").minus(MS)));
        assertEquals(LATE, HeartbeatState.of(h, utc("2026-07-15T00:30:00Z")));
        assertEquals(LATE, HeartbeatState.of(h, utc("2026-07-15T01:30:00Z").minus(MS)));
        assertEquals(DOWN, HeartbeatState.of(h, utc("2026-07-15T01:30:00Z")));
        Heartbeat shortGrace = aToken().cron("30 2 * * *", "Europe/Berlin").grace("5m")
                .pingedAt(utc("2026-07-14T00:41:00Z")).build();
        assertEquals(DOWN, HeartbeatState.of(shortGrace, utc("2026-07-15T00:35:00Z")));
    }

    @Test
    void on_the_spring_forward_day_a_cron_token_expects_no_run_at_a_time_that_does_not_exist() {
        Heartbeat h = nightly(utc("2026-03-28T01:35:00Z")); // 28 March 02:35 CET
        assertEquals(utc("2026-03-30T00:30:00Z"), h.dueAt(), "30 March 02:30 CEST: none on the 29th");
        assertEquals(UP, HeartbeatState.of(h, utc("2026-03-29T12:00:00Z")), "a 24h interval would be down");
        assertEquals(UP, HeartbeatState.of(h, utc("2026-03-30T00:30:00Z").minus(MS)));
        assertEquals(LATE, HeartbeatState.of(h, utc("2026-03-30T00:30:00Z")));
        assertEquals(DOWN, HeartbeatState.of(h, utc("2026-03-30T01:30:00Z")));
    }

    @Test
    void on_the_fall_back_day_a_cron_token_expects_one_run_at_the_first_of_the_two_times() {
        Heartbeat h = nightly(utc("2026-10-24T00:35:00Z")); // 24 October 02:35 CEST
        assertEquals(utc("2026-10-25T00:30:00Z"), h.dueAt(), "the first 02:30, still CEST");
        assertEquals(LATE, HeartbeatState.of(h, utc("2026-10-25T00:30:00Z")));
        assertEquals(DOWN, HeartbeatState.of(h, utc("2026-10-25T01:30:00Z")), "down at the second 02:30");
        Heartbeat pinged = h.succeeded(utc("2026-10-25T00:40:00Z"), "192.0.2.8", null);
        assertEquals(utc("2026-10-26T01:30:00Z"), pinged.dueAt(), "26 October 02:30 CET, not the second 02:30");
        assertEquals(UP, HeartbeatState.of(pinged, utc("2026-10-25T01:45:00Z")));
        assertEquals(UP, HeartbeatState.of(pinged, utc("2026-10-26T01:30:00Z").minus(MS)));
        assertEquals(LATE, HeartbeatState.of(pinged, utc("2026-10-26T01:30:00Z")));
        assertEquals(DOWN, HeartbeatState.of(pinged, utc("2026-10-26T02:30:00Z")));
    }

    @Test
    void a_missed_run_keeps_a_cron_token_down_though_later_runs_come_and_go() {
        Heartbeat h = aToken().cron("*/5 * * * *", "UTC").grace("10m").pingedAt(utc("2026-07-14T12:00:30Z"))
                .build();
        assertEquals(utc("2026-07-14T12:05:00Z"), h.dueAt());
        assertEquals(LATE, HeartbeatState.of(h, utc("2026-07-14T12:14:59Z")));
        assertEquals(DOWN, HeartbeatState.of(h, utc("2026-07-14T12:15:00Z")));
        assertEquals(DOWN, HeartbeatState.of(h, utc("2026-07-14T12:21:00Z")), "the 12:20 run's grace is no excuse");
    }

    @Test
    void a_resumed_cron_token_waits_for_a_ping_until_the_first_run_after_the_resume() {
        Heartbeat h = nightly(utc("2026-03-20T01:35:00Z")).paused().resumed(utc("2026-03-28T12:00:00Z"));
        assertEquals(utc("2026-03-30T00:30:00Z"), h.dueAt(), "the spring-forward day has no run");
        assertEquals(WAITING, HeartbeatState.of(h, utc("2026-03-29T12:00:00Z")));
        assertEquals(LATE, HeartbeatState.of(h, utc("2026-03-30T00:30:00Z")));
    }

    @Test
    void a_cron_token_never_pinged_is_new_and_never_fires() {
        Heartbeat h = aToken().cron("* * * * *", "UTC").build();
        assertEquals(NEW, HeartbeatState.of(h, T0));
        assertEquals(NEW, HeartbeatState.of(h, at("30d")));
    }
}
