package dogdorm.dealer.view;

import dogdorm.common.Durations;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Ping;
import dogdorm.dealer.heartbeat.Schedule;
import dogdorm.dealer.heartbeat.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /heartbeats} (a card per token, the create form, the down count in the header and the title) and
 * {@code /heartbeats/{id}} (one token: its URLs, edit form, transitions and ping log).
 */
public final class HeartbeatsPage {
    /** How often the list page asks {@code /api/heartbeats} for states. */
    public static final int POLL_MS = 3000;

    private final Pages pages;

    public HeartbeatsPage(Pages pages) {
        this.pages = pages;
    }

    /** What the create or edit form holds (what was typed, when it is shown again with an error). */
    public record Form(String name, String interval, String cron, String tz, String grace, String description) {
        public static final Form EMPTY = new Form("", "", "", "", "", "");

        public static Form of(Heartbeat h) {
            String grace = h.grace() == null ? "" : Durations.format(h.grace());
            return switch (h.schedule()) {
                case Schedule.Every e -> new Form(h.name(), Durations.format(e.interval()), "", "", grace,
                        h.description());
                case Schedule.Cron c -> new Form(h.name(), "", c.expression().text(), c.zone().getId(), grace,
                        h.description());
            };
        }
    }

    public record Card(long id, String name, String description, String token, String pingUrl, String curl,
                       String state, String stateLabel, String badge, boolean enabled, String schedule, String grace,
                       boolean graceDefault, String lastPing, String lastPingAt, String lastSource, String due,
                       String running, String lastRun, long pings, String created) {}

    public record PingRow(String at, String ago, String kind, boolean ignored, String method, String source,
                          String userAgent, String body, long bodyBytes, boolean truncated, String run) {}

    public record TransitionRow(String at, String ago, String from, String to, String badge, String reason) {}

    /** @param all by id: the cards show down tokens first, then late ones, then the rest (heartbeats.js too) */
    public String list(List<Heartbeat> all, Instant now, String csrf, String baseUrl, Form form, String error) {
        Map<String, Object> m = common(all, now, csrf);
        List<Card> cards = new ArrayList<>();
        for (Heartbeat h : all) {
            cards.add(card(h, now, baseUrl));
        }
        cards.sort(Comparator.comparingInt(c -> rank(c.state())));
        m.put("cards", cards);
        m.put("form", form == null ? Form.EMPTY : form);
        m.put("error", error);
        m.put("pollMs", POLL_MS);
        return pages.render("heartbeats", m);
    }

    public String detail(Heartbeat h, List<Heartbeat> all, List<Ping> pings, List<Transition> transitions,
                         Instant now, String csrf, String baseUrl, Form form, String error) {
        Map<String, Object> m = common(all, now, csrf);
        Card c = card(h, now, baseUrl);
        m.put("c", c);
        m.put("startCurl", HeartbeatView.curl(c.pingUrl() + "/start"));
        m.put("failCurl", HeartbeatView.curl(c.pingUrl() + "/fail"));
        m.put("logCurl", HeartbeatView.CURL + "--data-binary @job.log " + c.pingUrl());
        m.put("form", form == null ? Form.of(h) : form);
        m.put("error", error);
        List<PingRow> rows = new ArrayList<>();
        for (Ping p : pings) {
            rows.add(new PingRow(p.at().toString(), Format.ago(p.at(), now), p.kind().wire(), p.ignored(), p.method(),
                    p.source(), p.userAgent(), p.body(), p.bodyBytes(), p.truncated(),
                    p.runMs() == null ? null : seconds(p.runMs())));
        }
        m.put("pings", rows);
        m.put("keptPings", Ping.KEPT);
        List<TransitionRow> flips = new ArrayList<>();
        for (Transition t : transitions) {
            flips.add(new TransitionRow(t.at().toString(), Format.ago(t.at(), now), t.from().wire(), t.to().wire(),
                    badge(t.to()), t.reason()));
        }
        m.put("transitions", flips);
        return pages.render("heartbeat", m);
    }

    private Map<String, Object> common(List<Heartbeat> all, Instant now, String csrf) {
        Map<HeartbeatState, Integer> counts = HeartbeatState.count(all, now);
        Map<String, Object> m = new HashMap<>();
        Map<String, Integer> byName = new HashMap<>();
        counts.forEach((s, n) -> byName.put(s.wire(), n));
        m.put("counts", byName);
        m.put("down", counts.get(HeartbeatState.DOWN));
        m.put("total", all.size());
        m.put("csrf", csrf);
        return m;
    }

    static Card card(Heartbeat h, Instant now, String baseUrl) {
        HeartbeatState s = HeartbeatState.of(h, now);
        String url = HeartbeatView.pingUrl(baseUrl, h.token());
        return new Card(h.id(), h.name(), h.description(), h.token(), url, HeartbeatView.curl(url), s.wire(),
                label(s), badge(s), h.enabled(), h.schedule().describe(),
                Durations.format(h.effectiveGrace()), h.grace() == null, Format.ago(h.lastPing(), now),
                h.lastPing() == null ? "" : h.lastPing().toString(), h.lastSource(), due(h, s, now),
                h.lastStart() == null || !h.enabled() ? null : "running, started " + Format.ago(h.lastStart(), now),
                h.lastRunMs() == null ? null : seconds(h.lastRunMs()), h.pings(), h.created().toString());
    }

    /** Where a card goes: down first, then late, then the rest (in the order given: by id). */
    static int rank(String state) {
        return switch (state) {
            case "down" -> 0;
            case "late" -> 1;
            default -> 2;
        };
    }

    /** The state as the page names it (heartbeats.js has the same table). */
    public static String label(HeartbeatState s) {
        return switch (s) {
            case NEW -> "new";
            case WAITING -> "waiting for a ping";
            case UP -> "up";
            case LATE -> "late";
            case DOWN -> "down (fired)";
            case PAUSED -> "paused";
        };
    }

    static String badge(HeartbeatState s) {
        return switch (s) {
            case NEW, WAITING -> "unknown";
            case UP -> "up";
            case LATE -> "late";
            case DOWN -> "down";
            case PAUSED -> "paused";
        };
    }

    /** What comes next, in words (heartbeats.js words it the same way when it updates a card). */
    static String due(Heartbeat h, HeartbeatState s, Instant now) {
        return switch (s) {
            case NEW -> "waiting for the first ping";
            case WAITING -> "resumed: " + next(h, now);
            case UP -> next(h, now);
            case LATE -> "late: due " + Format.ago(h.dueAt(), now) + ", fires " + Format.in(h.downAt(), now);
            case DOWN -> h.failureStands() ? "the job reported a failure " + Format.ago(h.failedAt(), now)
                    : "fired " + Format.ago(h.downAt(), now);
            case PAUSED -> "paused: pings are ignored";
        };
    }

    /** {@code next ping due in 5 min}; for cron with the run's time in its zone, {@code (2026-03-30 02:30 UTC)}. */
    private static String next(Heartbeat h, Instant now) {
        Instant due = h.dueAt();
        if (due == null) {
            return "no run left in its cron schedule";
        }
        String when = "next ping due " + Format.in(due, now);
        return h.schedule() instanceof Schedule.Cron c ? when + " (" + c.local(due) + ")" : when;
    }

    static String seconds(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return Durations.format(Duration.ofSeconds(ms / 1000));
    }
}
