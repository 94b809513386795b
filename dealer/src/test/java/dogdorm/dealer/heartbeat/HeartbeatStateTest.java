package dogdorm.dealer.heartbeat;

import static dogdorm.dealer.heartbeat.HeartbeatState.DOWN;
import static dogdorm.dealer.heartbeat.HeartbeatState.LATE;
import static dogdorm.dealer.heartbeat.HeartbeatState.NEW;
import static dogdorm.dealer.heartbeat.HeartbeatState.PAUSED;
import static dogdorm.dealer.heartbeat.HeartbeatState.UP;
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
    void a_resumed_token_gets_a_full_interval_from_the_moment_it_was_resumed() {
        Heartbeat h = aToken().every("1h").grace("5m").pingedAt(T0).paused().build().resumed(at("10h"));
        assertEquals(UP, HeartbeatState.of(h, at("10h")));
        assertEquals(UP, HeartbeatState.of(h, at("11h").minus(MS)));
        assertEquals(LATE, HeartbeatState.of(h, at("11h")));
        assertEquals(DOWN, HeartbeatState.of(h, at("11h5m")));
    }

    @Test
    void a_resumed_token_that_was_never_pinged_is_new() {
        assertEquals(NEW, HeartbeatState.of(aToken().paused().build().resumed(at("1h")), at("1h")));
    }

    @Test
    void a_failure_from_before_the_resume_no_longer_counts_but_one_after_it_does() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).failedAt(at("1m")).paused().build().resumed(at("2m"));
        assertEquals(UP, HeartbeatState.of(h, at("2m")));
        assertEquals(DOWN, HeartbeatState.of(h.failed(at("3m"), null), at("3m")));
    }

    @Test
    void a_shorter_interval_applies_at_once_and_a_longer_one_too() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).build();
        assertEquals(UP, HeartbeatState.of(h, at("40m")));
        Heartbeat shorter = h.withSpec(new HeartbeatSpec("nightly backup", "", Duration.ofMinutes(30), null));
        assertEquals(DOWN, HeartbeatState.of(shorter, at("40m")), "30m + 3m default grace passed");
        Heartbeat longer = h.withSpec(new HeartbeatSpec("nightly backup", "", Duration.ofHours(2), null));
        assertEquals(UP, HeartbeatState.of(longer, at("90m")));
    }

    @Test
    void a_start_alone_changes_no_state() {
        Heartbeat h = aToken().every("1h").pingedAt(T0).build();
        assertEquals(LATE, HeartbeatState.of(h.started(at("1h")), at("1h")));
        assertEquals(NEW, HeartbeatState.of(aToken().build().started(T0), T0));
    }
}
