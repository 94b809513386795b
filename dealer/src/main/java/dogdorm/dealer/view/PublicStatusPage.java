package dogdorm.dealer.view;

import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentQuery;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.read.History;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.read.UptimeHistory;
import dogdorm.dealer.statuspage.StatusPage;
import dogdorm.dealer.statuspage.StatusPageSpec;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.table.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /status-page/{slug}}: a public, read-only page of the targets an admin chose (by id, and every target of
 * some lists): each one's state, its uptime per day over {@value #DAYS} days, and the open and past incidents.
 * Built for people outside: it shows a target's name, kind and state, never its address, port, user, password,
 * source, or the workers that checked it. A page is built at most once per {@code cacheFor} (and again when its
 * definition changes), so a popular page costs the store little.
 */
public final class PublicStatusPage {
    public static final int DAYS = 90;
    /** At most this many targets on one page; the page says how many more there are. */
    public static final int MAX_SHOWN = 500;
    static final int PAST_INCIDENTS = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ReadModel reads;
    private final UptimeHistory uptime;
    private final History logs;
    private final Clock clock;
    private final Pages pages;
    private final Duration cacheFor;
    private final Map<Long, Built> built = new ConcurrentHashMap<>();

    private record Built(StatusPage page, String html, Instant at) {}

    public PublicStatusPage(ReadModel reads, UptimeHistory uptime, History logs, Clock clock, Pages pages,
                            Duration cacheFor) {
        this.reads = reads;
        this.uptime = uptime;
        this.logs = logs;
        this.clock = clock;
        this.pages = pages;
        this.cacheFor = cacheFor;
    }

    /** One target as the page shows it. */
    public record Row(String name, String what, String state, String since, String uptime, String days) {}

    /** One incident as the page shows it (times in UTC; {@code downIso} for a {@code <time>} element). */
    public record IncidentRow(String target, String downAt, String downIso, String upAt, String upIso,
                              String duration, String description) {}

    /** The page, built now or at most {@code cacheFor} ago for the same definition. */
    public String render(StatusPage page) throws StoreException {
        Instant now = clock.instant();
        Built b = built.get(page.id());
        if (b != null && b.page().equals(page) && now.isBefore(b.at().plus(cacheFor))) {
            return b.html();
        }
        String html = build(page, now);
        built.put(page.id(), new Built(page, html, now));
        return html;
    }

    /** The page that says there is no status page at this address. */
    public String missing(String slug) {
        Map<String, Object> m = new HashMap<>();
        m.put("missing", true);
        m.put("title", "No such status page");
        m.put("slug", slug);
        return pages.render("status_page", m);
    }

    private String build(StatusPage page, Instant now) throws StoreException {
        StatusPageSpec spec = page.spec();
        List<Long> ids = chosen(spec);
        int more = Math.max(0, ids.size() - MAX_SHOWN);
        ids = ids.subList(0, Math.min(ids.size(), MAX_SHOWN));
        Map<Long, List<UptimeBucket>> days = uptime.days(ids, DAYS);
        long firstDay = uptime.today() - DAYS + 1;
        List<Row> rows = new ArrayList<>();
        Map<Long, String> names = new HashMap<>();
        int up = 0, down = 0;
        for (long id : ids) {
            TargetView t = reads.view(id).orElse(null);
            if (t == null) {
                continue; // gone since the ids were taken
            }
            names.put(id, t.name());
            up += t.state() == State.UP ? 1 : 0;
            down += t.state() == State.DOWN ? 1 : 0;
            List<UptimeBucket> mine = days.getOrDefault(id, List.of());
            long good = 0, all = 0;
            for (UptimeBucket d : mine) {
                good += d.up();
                all += d.checks();
            }
            rows.add(new Row(t.name(), Labels.type(t.kind()) + " · " + Labels.family(t.family()), t.state().wire(),
                    t.stateSince() == null ? "" : Format.ago(t.stateSince(), now),
                    Format.percent(all == 0 ? null : 100.0 * good / all), Charts.days(mine, firstDay, DAYS)));
        }
        Set<Long> shown = names.keySet();
        List<IncidentRow> open = incidents(logs.incidentsMatching(new IncidentQuery(shown, true, null),
                MAX_SHOWN), names, now);
        List<IncidentRow> past = incidents(logs.incidentsMatching(new IncidentQuery(shown, false,
                now.minus(Duration.ofDays(DAYS))), PAST_INCIDENTS), names, now);

        Map<String, Object> m = new HashMap<>();
        m.put("title", spec.title());
        m.put("description", spec.description());
        m.put("rows", rows);
        m.put("more", more);
        m.put("overall", down > 0 ? "down" : up == rows.size() && !rows.isEmpty() ? "up" : "unknown");
        m.put("summary", rows.isEmpty() ? "Nothing to show yet."
                : down > 0 ? down + " of " + rows.size() + " down"
                : up == rows.size() ? (rows.size() == 1 ? "Up" : "All " + rows.size() + " up")
                : up + " of " + rows.size() + " up, " + (rows.size() - up) + " not checked yet");
        m.put("open", open);
        m.put("past", past);
        m.put("days", DAYS);
        m.put("pastShown", PAST_INCIDENTS);
        m.put("updated", WHEN.format(now));
        m.put("updatedIso", now.toString());
        return pages.render("status_page", m);
    }

    /**
     * The ids the page shows: those named, in the order given, then the other targets of its lists by id (a list's
     * rows in their file's order, mostly).
     */
    private List<Long> chosen(StatusPageSpec spec) {
        Set<Long> all = new LinkedHashSet<>(reads.ids((id, s) -> spec.shows(id, s.sourceFile(), s.tags())));
        List<Long> out = new ArrayList<>();
        for (long id : spec.targets()) {
            if (all.remove(id)) {
                out.add(id);
            }
        }
        out.addAll(all);
        return out;
    }

    private static List<IncidentRow> incidents(List<Incident> list, Map<Long, String> names, Instant now) {
        List<IncidentRow> out = new ArrayList<>();
        for (Incident i : list) {
            out.add(new IncidentRow(names.getOrDefault(i.targetId(), ""), WHEN.format(i.downAt()),
                    i.downAt().toString(), i.upAt() == null ? "" : WHEN.format(i.upAt()),
                    i.upAt() == null ? "" : i.upAt().toString(), TargetPage.human(i.duration(now)),
                    i.description() == null ? "" : i.description()));
        }
        return out;
    }
}
