package dogdorm.dealer.view;

import dogdorm.common.Durations;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Schedule;
import java.time.Instant;

/**
 * One heartbeat token as the JSON API shows it, behind admin auth: the token itself is in it (the admin needs
 * it for the job's ping URL). Durations in the project's syntax and in seconds; the schedule is {@code interval}
 * (and {@code interval_s}), or {@code cron} and {@code tz}, the other pair null.
 */
public record HeartbeatView(long id, String name, String description, String token, String pingUrl, String curl,
                            HeartbeatState state, boolean enabled, String interval, Long intervalS, String cron,
                            String tz, String grace, long graceS, boolean graceDefault, Instant created,
                            Instant lastPing, String lastPingSource, Instant lastStart, Long lastRunMs,
                            Instant failureReportedAt, long pings, Instant dueAt, Instant downAt,
                            Instant stateSince) {

    /** The command of {@link #curl}, options included: a URL (or more options) follows. */
    public static final String CURL = "curl -fsS -m 10 --retry 5 -o /dev/null ";

    /** @param baseUrl how the dealer is reached, e.g. {@code http://dealer:8000}, for the ping URL */
    public static HeartbeatView of(Heartbeat h, Instant now, String baseUrl) {
        String url = pingUrl(baseUrl, h.token());
        Schedule.Every every = h.schedule() instanceof Schedule.Every e ? e : null;
        Schedule.Cron cron = h.schedule() instanceof Schedule.Cron c ? c : null;
        return new HeartbeatView(h.id(), h.name(), h.description(), h.token(), url, curl(url),
                HeartbeatState.of(h, now), h.enabled(), every == null ? null : Durations.format(every.interval()),
                every == null ? null : every.interval().toSeconds(), cron == null ? null : cron.expression().text(),
                cron == null ? null : cron.zone().getId(), Durations.format(h.effectiveGrace()),
                h.effectiveGrace().toSeconds(), h.grace() == null, h.created(), h.lastPing(), h.lastSource(),
                h.lastStart(), h.lastRunMs(), h.failureStands() ? h.failedAt() : null, h.pings(), h.dueAt(),
                h.downAt(), h.recordedSince());
    }

    public static String pingUrl(String baseUrl, String token) {
        return baseUrl + "/hb/" + token;
    }

    /**
     * The line to paste into a crontab after the job: quiet unless the ping fails (its {@code ok} goes to
     * /dev/null, so cron mails nothing), gives up after 10 s a try and tries 5 times more on a passing error.
     */
    public static String curl(String pingUrl) {
        return CURL + pingUrl;
    }
}
