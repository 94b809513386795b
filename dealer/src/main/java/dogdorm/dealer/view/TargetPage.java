package dogdorm.dealer.view;

import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.read.AliasView;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.read.History;
import dogdorm.dealer.read.UptimeHistory;
import dogdorm.dealer.table.State;
import dogdorm.dealer.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /targets/{id}}: one target's details, incidents, address and uptime/latency charts. */
public final class TargetPage {
    private static final int INCIDENTS_SHOWN = 50;

    private final ReadModel reads;
    private final Clock clock;
    private final Pages pages;
    private final UptimeHistory history;
    private final History logs;
    private final CheckLog checks;

    public TargetPage(ReadModel reads, Clock clock, Pages pages, UptimeHistory history, History logs,
                      CheckLog checks) {
        this.checks = checks;
        this.reads = reads;
        this.clock = clock;
        this.pages = pages;
        this.history = history;
        this.logs = logs;
    }

    /** One check in the bar of recent checks, oldest first: up or down, and what it said. */
    public record Beat(String state, String title) {}

    static List<Beat> beats(List<CheckLog.Check> newestFirst) {
        List<Beat> out = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            CheckLog.Check c = newestFirst.get(i);
            String what = c.up() ? "up" + (c.latencyMs() == null ? "" : " " + Format.millis(c.latencyMs()))
                    : "down: " + c.error();
            out.add(new Beat(c.up() ? "up" : "down", c.at() + " " + what
                    + (c.worker() == null ? "" : " (" + c.worker() + ")")));
        }
        return out;
    }

    /** One incident as shown. */
    public record IncidentRow(long id, Format.When downAt, Format.When upAt, String duration, String description,
                              String worker, boolean open) {}

    /** One address of the target's host name: whether it is in use or current, and when it was seen. */
    public record AddressRow(String address, String note, Format.When firstSeen, Format.When lastSeen) {}

    /** A chart with its heading and, for a target whose checks start inside its window, since when. */
    public record Chart(String title, String svg, Format.When collectingSince) {}

    /** The page, or empty when there is no such target. */
    public Optional<String> render(long id) throws StoreException {
        return render(id, null);
    }

    /**
     * The page with the buttons that change the target (pause or resume; edit and delete for one added in the UI),
     * their forms carrying {@code csrf}; none when it is null.
     */
    public Optional<String> render(long id, String csrf) throws StoreException {
        Optional<TargetView> found = reads.view(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TargetView t = found.get();
        Instant now = clock.instant();
        UptimeHistory.Summary u = history.summary(id);
        List<IncidentRow> rows = new ArrayList<>();
        for (Incident i : logs.incidents(id, INCIDENTS_SHOWN)) {
            rows.add(new IncidentRow(i.id(), Format.when(i.downAt(), now), Format.when(i.upAt(), now, ""),
                    human(i.duration(now)), i.description(), i.worker(), i.open()));
        }
        long hour = UptimeBucket.hourOf(now);
        List<UptimeBucket> week = history.hourly(id, 7);
        List<UptimeBucket> days = history.daily(id);
        Map<String, Object> m = new HashMap<>();
        m.put("t", t);
        m.put("type", Labels.type(t.kind()));
        m.put("familyLabel", Labels.family(t.family()));
        m.put("transportLabel", Labels.transport(t.transport()));
        m.put("address", ServersPage.address(t));
        m.put("state", t.shownState());
        m.put("checkedState", t.state().wire());
        m.put("maintenance", t.maintenance());
        m.put("maintenanceUntil", t.maintenance() == null ? null : Format.until(t.maintenance().until(), now, ""));
        m.put("since", t.stateSince() == null ? null : Format.when(t.stateSince(), now));
        m.put("uptime24h", Format.percent(u.pct24h()));
        m.put("uptime7d", Format.percent(u.pct7d()));
        m.put("uptime30d", Format.percent(u.pct30d()));
        m.put("uptimeAll", Format.percent(t.uptimePct()));
        m.put("latency", Format.millis(t.latencyMs()));
        m.put("latencyMean", Format.millis(t.latencyMeanMs()));
        m.put("score", Format.score(t.score()));
        m.put("scoreOriginal", Format.score(t.scoreOriginal()));
        m.put("lastCheck", Format.when(t.lastCheck(), now));
        m.put("lastSuccess", Format.when(t.lastSuccess(), now));
        m.put("next", Format.until(t.nextCheck(), now, t.state() == State.PAUSED ? "paused" : "checking now"));
        m.put("incidents", rows);
        m.put("beats", beats(checks.recent(id, null, checks.capacity())));
        m.put("actions", logs.actions(id, 50));
        m.put("weekChart", chart(week, hour, 7 * 24, 24, "hour", now));
        m.put("daysChart", days.isEmpty() ? null
                : chart(days, UptimeBucket.dayOf(hour) - 1, UptimeHistory.DAILY_DAYS, 30, "day", now));
        List<AddressRow> addresses = new ArrayList<>();
        String aliasProblem = null;
        AliasView a = t.host() == null ? null : reads.alias(t.host(), t.family()).orElse(null);
        if (a != null) {
            for (var s : a.addresses()) {
                addresses.add(new AddressRow(s.address(), (s.address().equals(t.ip()) ? " (in use)" : "")
                        + (s.address().equals(a.current()) ? " (current for " + a.host() + ")" : ""),
                        Format.when(s.firstSeen(), now), Format.when(s.lastSeen(), now)));
            }
            aliasProblem = a.lastError();
        }
        if (addresses.isEmpty()) {
            addresses.add(new AddressRow(t.ip() == null ? "(not resolved yet)" : t.ip(), "", null, null));
        }
        m.put("addresses", addresses);
        m.put("aliasProblem", aliasProblem);
        m.put("fqns", String.join(", ", t.fqns()));
        m.put("vantage", vantage(t, now));
        var published = reads.published(id);
        m.put("csrf", csrf);
        m.put("fromUi", published.map(p -> p.spec().fromUi()).orElse(false));
        m.put("group", published.map(p -> p.spec().group() != null).orElse(false));
        m.put("pausedSince", published.map(p -> p.stats().pausedAt).map(at -> Format.when(at, now)).orElse(null));
        return Optional.of(pages.render("target", m));
    }

    /**
     * The uptime chart of {@code most} periods (hours or days) up to {@code last}; for a target whose checks
     * start inside that window, only the periods since (at least {@code least}) and since when.
     */
    static Chart chart(List<UptimeBucket> buckets, long last, int most, int least, String unit, Instant now) {
        Charts.Window w = Charts.window(buckets, last, most, least);
        String title = unit.equals("day") ? "Older history, per day"
                : "Last " + (w.count() % 24 != 0 ? w.count() + " hours"
                        : w.count() == 24 ? "24 hours" : w.count() / 24 + " days");
        Format.When since = null;
        if (w.collecting()) {
            long first = Long.MAX_VALUE;
            for (UptimeBucket b : buckets) {
                if (b.checks() > 0 && b.period() >= w.first()) first = Math.min(first, b.period());
            }
            since = Format.when(Instant.ofEpochSecond(first * (unit.equals("hour") ? 3600 : 86400)), now);
        }
        return new Chart(title, Charts.history(buckets, w.first(), w.count(), unit), since);
    }

    /** One row of the locations matrix: how one location sees the target. */
    public record VantageRow(String location, String state, String lastCheck, String latency, String score,
                             String rankScore, String lastError, String worker) {}

    /** The locations a target checked from several is seen from, with the vote's words; null otherwise. */
    public record VantageBlock(String summary, String regional, List<VantageRow> rows) {}

    static VantageBlock vantage(TargetView t, Instant now) {
        var v = t.vantage();
        if (v == null) {
            return null;
        }
        List<VantageRow> rows = new ArrayList<>();
        for (var p : v.points()) {
            rows.add(new VantageRow(p.location(), p.state().wire(), Format.ago(p.lastCheck(), now),
                    Format.millis(p.latencyMs()), String.format(java.util.Locale.ROOT, "%.1f", p.score()),
                    Format.score(p.rankScore()), p.lastError() == null ? "" : p.lastError(),
                    p.lastWorker() == null ? "" : p.lastWorker()));
        }
        String summary = "Checked from " + v.dealtTo().size() + " of " + v.k() + " locations"
                + (v.degraded() ? " (only " + v.dealtTo().size() + " live)" : "") + "; down when " + v.quorum()
                + " agree; the vote: " + v.vote().state().wire() + ".";
        String regional = v.vote().regional().isEmpty() ? null
                : "Regional problem: down from " + String.join(", ", v.vote().regional()) + " only.";
        return new VantageBlock(summary, regional, rows);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) return s + " s";
        if (s < 7200) return (s / 60) + " min";
        if (s < 172_800) return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }
}
