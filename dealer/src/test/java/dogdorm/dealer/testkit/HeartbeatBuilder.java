package dogdorm.dealer.testkit;

import dogdorm.common.Durations;
import dogdorm.dealer.heartbeat.CronExpression;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Heartbeat tokens for tests: {@code aToken().every("1h").pingedAt(t).build()}; {@code .cron("30 2 * * *", "UTC")}. */
public final class HeartbeatBuilder {
    public static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private long id = 1;
    private String token = "AAAAbbbbCCCCddddEEEEffff";
    private String name = "nightly backup";
    private Schedule schedule = Schedule.every(Duration.ofHours(1));
    private Duration grace;
    private boolean enabled = true;
    private Instant resumedAt;
    private Instant lastPing;
    private Instant failedAt;
    private HeartbeatState recorded = HeartbeatState.NEW;

    public static HeartbeatBuilder aToken() {
        return new HeartbeatBuilder();
    }

    public HeartbeatBuilder id(long v) { id = v; return this; }
    public HeartbeatBuilder token(String v) { token = v; return this; }
    public HeartbeatBuilder named(String v) { name = v; return this; }
    public HeartbeatBuilder every(String d) { schedule = Schedule.every(Durations.parse(d)); return this; }
    public HeartbeatBuilder cron(String expression, String zone) {
        schedule = new Schedule.Cron(CronExpression.parse(expression), ZoneId.of(zone));
        return this;
    }
    public HeartbeatBuilder grace(String d) { grace = Durations.parse(d); return this; }
    public HeartbeatBuilder paused() { enabled = false; return this; }
    public HeartbeatBuilder resumedAt(Instant t) { resumedAt = t; return this; }
    public HeartbeatBuilder pingedAt(Instant t) { lastPing = t; return this; }
    public HeartbeatBuilder failedAt(Instant t) { failedAt = t; return this; }
    public HeartbeatBuilder recorded(HeartbeatState s) { recorded = s; return this; }

    public Heartbeat build() {
        return new Heartbeat(id, token, name, "", schedule, grace, enabled, T0, resumedAt, lastPing,
                lastPing == null ? null : "192.0.2.7", null, null, failedAt, lastPing == null ? 0 : 1, recorded, T0);
    }
}
