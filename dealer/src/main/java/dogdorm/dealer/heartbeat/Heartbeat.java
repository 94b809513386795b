package dogdorm.dealer.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One heartbeat token, immutable: its definition (name, schedule, grace, enabled) and its runtime
 * fields (last ping and the recorded state); the flush stores both.
 *
 * @param schedule      when pings are expected: an interval, or a cron expression in a time zone
 * @param grace         null means the schedule's default ({@link #effectiveGrace()})
 * @param resumedAt     when it was last resumed; the schedule counts from here if that is later than the last ping
 * @param lastPing      the last successful ping (not {@code /start}, not {@code /fail}, not an ignored one)
 * @param lastSource    the address the last successful ping came from
 * @param lastStart     a {@code /start} not yet followed by a success or failure: the job is running
 * @param lastRunMs     how long the last run took, from its {@code /start} to its ping
 * @param failedAt      a failure reported ({@code /fail}) and not yet cleared by a successful ping; a resume after it
 *                      makes it stale ({@link #failureStands()})
 * @param pings         every ping recorded, ignored ones included
 * @param recorded      the state as of the last recorded transition (the sweeper compares it with the derived one)
 * @param recordedSince when that transition was recorded
 */
public record Heartbeat(long id, String token, String name, String description, Schedule schedule, Duration grace,
                        boolean enabled, Instant created, Instant resumedAt, Instant lastPing, String lastSource,
                        Instant lastStart, Long lastRunMs, Instant failedAt, long pings, HeartbeatState recorded,
                        Instant recordedSince) {

    public Heartbeat {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(created, "created");
        description = description == null ? "" : description;
        recorded = recorded == null ? HeartbeatState.NEW : recorded;
    }

    /** A new, never pinged token. */
    public static Heartbeat create(long id, String token, HeartbeatSpec spec, Instant now) {
        return new Heartbeat(id, token, spec.name(), spec.description(), spec.schedule(), spec.grace(), true, now,
                null, null, null, null, null, null, 0, HeartbeatState.NEW, now);
    }

    /** The grace that applies: the one set, or the schedule's ({@link Schedule#defaultGrace()}). */
    public Duration effectiveGrace() {
        return grace != null ? grace : schedule.defaultGrace();
    }

    /** A failure was reported, and neither a successful ping nor a resume came after it. */
    public boolean failureStands() {
        return failedAt != null && (resumedAt == null || !failedAt.isBefore(resumedAt));
    }

    /** Resumed after its last ping: nothing has said the job works since. */
    public boolean waitingSinceResume() {
        return lastPing != null && resumedAt != null && resumedAt.isAfter(lastPing);
    }

    /**
     * When the next ping is due: an interval after the last ping (or resume), or a cron schedule's first run after
     * it; null when never pinged (or when a cron schedule has no run left).
     */
    public Instant dueAt() {
        if (lastPing == null) {
            return null;
        }
        return schedule.dueAfter(waitingSinceResume() ? resumedAt : lastPing);
    }

    /** When it goes down without a ping: due + grace; null when never pinged. */
    public Instant downAt() {
        Instant due = dueAt();
        return due == null ? null : due.plus(effectiveGrace());
    }

    /** The first characters of the token, enough to tell tokens apart in a log line without giving one away. */
    public String tokenPrefix() {
        return Tokens.prefix(token);
    }

    public Heartbeat withId(long newId) {
        return new Heartbeat(newId, token, name, description, schedule, grace, enabled, created, resumedAt, lastPing,
                lastSource, lastStart, lastRunMs, failedAt, pings, recorded, recordedSince);
    }

    /** The definition replaced; the runtime kept. */
    public Heartbeat withSpec(HeartbeatSpec s) {
        return new Heartbeat(id, token, s.name(), s.description(), s.schedule(), s.grace(), enabled, created,
                resumedAt, lastPing, lastSource, lastStart, lastRunMs, failedAt, pings, recorded, recordedSince);
    }

    /** Disabled. Only definition fields change, so what the store has after a write-through is the whole change. */
    public Heartbeat paused() {
        return new Heartbeat(id, token, name, description, schedule, grace, false, created, resumedAt, lastPing,
                lastSource, lastStart, lastRunMs, failedAt, pings, recorded, recordedSince);
    }

    /**
     * Enabled again: the schedule counts afresh from {@code at} (waiting for a ping until it is due), and a failure
     * reported before no longer stands.
     */
    public Heartbeat resumed(Instant at) {
        return new Heartbeat(id, token, name, description, schedule, grace, true, created, at, lastPing, lastSource,
                lastStart, lastRunMs, failedAt, pings, recorded, recordedSince);
    }

    /** The runtime fields from {@code other}, the definition from this: merges a flush into a newer definition. */
    public Heartbeat withRuntimeOf(Heartbeat other) {
        return new Heartbeat(id, token, name, description, schedule, grace, enabled, created, resumedAt,
                other.lastPing, other.lastSource, other.lastStart, other.lastRunMs, other.failedAt, other.pings,
                other.recorded, other.recordedSince);
    }

    Heartbeat succeeded(Instant at, String source, Long runMs) {
        return new Heartbeat(id, token, name, description, schedule, grace, enabled, created, resumedAt, at, source,
                null, runMs != null ? runMs : lastRunMs, null, pings + 1, recorded, recordedSince);
    }

    Heartbeat failed(Instant at, Long runMs) {
        return new Heartbeat(id, token, name, description, schedule, grace, enabled, created, resumedAt, lastPing,
                lastSource, null, runMs != null ? runMs : lastRunMs, at, pings + 1, recorded, recordedSince);
    }

    Heartbeat started(Instant at) {
        return new Heartbeat(id, token, name, description, schedule, grace, enabled, created, resumedAt, lastPing,
                lastSource, at, lastRunMs, failedAt, pings + 1, recorded, recordedSince);
    }

    Heartbeat ignoredPing() {
        return new Heartbeat(id, token, name, description, schedule, grace, enabled, created, resumedAt, lastPing,
                lastSource, lastStart, lastRunMs, failedAt, pings + 1, recorded, recordedSince);
    }

    Heartbeat recorded(HeartbeatState state, Instant at) {
        return new Heartbeat(id, token, name, description, schedule, grace, enabled, created, resumedAt, lastPing,
                lastSource, lastStart, lastRunMs, failedAt, pings, state, at);
    }

    /** Never the token itself: this may end up in a log line. */
    @Override
    public String toString() {
        return "heartbeat #" + id + " '" + name + "' (" + tokenPrefix() + ")";
    }
}
