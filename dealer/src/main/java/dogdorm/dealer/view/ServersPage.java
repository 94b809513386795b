package dogdorm.dealer.view;

import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.read.CandidateView;
import dogdorm.dealer.read.TargetView;
import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.dealer.core.Counts;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.imports.ListWatcher;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.read.Ranking;
import dogdorm.dealer.read.UptimeHistory;
import dogdorm.dealer.table.State;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** {@code /servers}: the ranked targets as an HTML page, with filters by kind, family and state. */
public final class ServersPage {
    private final ReadModel reads;
    private final Clock clock;
    private final Supplier<Counts> dealerCounts;
    private final ListWatcher lists;
    private final Pages pages;
    private final UptimeHistory history;
    private final IncidentLog incidents;
    private final BooleanSupplier storeOk;

    /** @param storeOk whether the last flush was stored (the page says so when not) */
    public ServersPage(ReadModel reads, Clock clock, Supplier<Counts> counts, ListWatcher lists, Pages pages,
                       UptimeHistory history, IncidentLog incidents, BooleanSupplier storeOk) {
        this.reads = reads;
        this.clock = clock;
        this.dealerCounts = counts;
        this.lists = lists;
        this.pages = pages;
        this.history = history;
        this.incidents = incidents;
        this.storeOk = storeOk;
    }

    /** Rows shown per section unless the query asks for more ({@code rows=0}: all). */
    public static final int ROWS_SHOWN = 100;

    /**
     * Filters from the query string, already validated. {@code text} (lower case, or null) must appear in the
     * name, the address or one of the host names known for the address.
     */
    /** What to show; {@code location}: one location's view of the targets checked from several (null: the vote). */
    public record Filter(Kind kind, Integer family, State state, String text, String location, String tag,
                         boolean inMaintenance) implements Predicate<TargetView> {
        public Filter(Kind kind, Integer family, State state, String text) {
            this(kind, family, state, text, null, null, false);
        }

        @Override
        public boolean test(TargetView t) {
            return (kind == null || t.kind() == kind) && (family == null || t.family() == family)
                    && (state == null || t.state() == state) && (tag == null || t.tags().contains(tag))
                    && (!inMaintenance || t.maintenance() != null) && (text == null || matches(t));
        }

        /** A list row not yet a target: kind, family and text apply (it has no state yet; a tag filter takes none). */
        public boolean accepts(CandidateView c) {
            return (kind == null || c.kind() == kind) && (family == null || c.family() == family) && tag == null
                    && !inMaintenance && (text == null || contains(c.host()) || contains(c.ip()));
        }

        private boolean contains(String s) {
            return s != null && s.toLowerCase(Locale.ROOT).contains(text);
        }

        private boolean matches(TargetView t) {
            if (contains(t.name()) || t.ip() != null && contains(address(t))) {
                return true;
            }
            for (String host : t.fqns()) {
                if (contains(host)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One row of a section; {@code aka}: the other host names known for its address, comma-separated;
     * {@code state} as shown (maintenance while in a window), {@code checked} what the checks say.
     */
    public record Row(int rank, long id, String name, String aka, String address, String state, String uptime,
                      String uptime24h, String uptime7d, String spark, long checks, long failures,
                      Format.When lastSeen, String latency, String score, String error, Format.When next,
                      int groupSize, boolean firstOfGroup, String checked, Format.When maintenanceUntil) {}

    private static String aka(TargetView t) {
        if (t.fqns() == null || t.fqns().isEmpty()) {
            return "";
        }
        return t.fqns().stream().filter(n -> !n.equals(t.name())).collect(Collectors.joining(", "));
    }

    /** An open incident, for the list at the top. */
    public record OpenIncident(long id, String name, String address, String kind, Format.When since,
                               String description) {}

    /**
     * A list row still waiting for a worker to validate it (STUN, TURN, MQTT, NTP): not ranked yet, but listed so
     * the rows of a list just dropped in do not seem lost.
     */
    public record PendingRow(long id, String kind, String name, String address, String source, String outcome,
                             Format.When lastTried, Format.When next) {}

    /** A ranked section; {@code total} counts its rows before the cap, {@code rows} holds those shown. */
    public record Section(String title, String kind, int family, String transport, List<Row> rows, long up,
                          long down, int total) {
        public int hidden() {
            return total - rows.size();
        }
    }

    /** This page's address with the same filters and another row cap. */
    static String url(Filter f, int rows) {
        List<String> params = new ArrayList<>();
        if (f.kind() != null) params.add("kind=" + f.kind().wire());
        if (f.family() != null) params.add("family=" + f.family());
        if (f.state() != null) params.add("state=" + f.state().wire());
        if (f.inMaintenance()) params.add("state=maintenance");
        if (f.text() != null) params.add("q=" + URLEncoder.encode(f.text(), StandardCharsets.UTF_8));
        if (f.location() != null) params.add("location=" + URLEncoder.encode(f.location(), StandardCharsets.UTF_8));
        if (f.tag() != null) params.add("tag=" + f.tag());
        params.add("rows=" + rows);
        return "/servers?" + String.join("&", params);
    }

    /** The page; each section shows its best {@code rowsShown} rows (0: every row). */
    public String render(Filter filter, int rowsShown) {
        Instant now = clock.instant();
        Map<Long, UptimeHistory.Summary> uptime = history.summaries();
        Set<Long> withIncident = incidents.targetsWithOpenIncidents();
        List<Map.Entry<Instant, OpenIncident>> open = new ArrayList<>();
        Map<String, Object> model = new HashMap<>();
        List<Section> sections = new ArrayList<>();
        long[] counts = new long[1 + State.values().length];
        long[] inMaintenance = new long[1];
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        reads.read(all -> {
            all = all.stream().map(t -> t.from(filter.location())).toList();
            for (TargetView t : all) {
                kinds.add(t.kind());
                counts[0]++;
                if (t.maintenance() != null) {
                    inMaintenance[0]++;
                } else {
                    counts[1 + t.state().ordinal()]++;
                }
                if (withIncident.contains(t.id()) && filter.test(t)) {
                    Incident i = incidents.openFor(t.id());
                    if (i != null) {
                        open.add(Map.entry(i.downAt(), new OpenIncident(t.id(), t.name(), address(t),
                                Labels.type(t.kind()), Format.when(i.downAt(), now), i.description())));
                    }
                }
            }
            open.sort(Map.Entry.comparingByKey());
            List<TargetView> shown = all.stream().filter(filter).toList();
            for (Ranking.Section s : Ranking.sections(shown)) {
                List<Row> rows = new ArrayList<>();
                int rank = 0;
                long up = 0, down = 0;
                int total = 0;
                for (List<TargetView> g : s.groups()) {
                    rank++;
                    // the best groups are shown, each whole; the rest are only counted
                    boolean show = rowsShown == 0 || rows.size() < rowsShown;
                    boolean first = true;
                    for (TargetView t : g) {
                        if (t.maintenance() == null && t.state() == State.UP) up++;
                        if (t.maintenance() == null && t.state() == State.DOWN) down++;
                        total++;
                        if (!show) {
                            continue;
                        }
                        UptimeHistory.Summary u = uptime.getOrDefault(t.id(), UptimeHistory.Summary.NONE);
                        rows.add(new Row(rank, t.id(), t.name(), aka(t), address(t), t.shownState(),
                                Format.percent(t.uptimePct()), Format.percent(u.pct24h()), Format.percent(u.pct7d()),
                                Charts.sparkline(u.last24h()), t.checks(), t.failures(),
                                Format.when(t.lastSuccess(), now), Format.millis(t.latencyMs()),
                                Format.score(t.score()), t.lastError(), next(t, now),
                                g.size(), first, t.state().wire(), t.maintenance() == null ? null
                                        : Format.until(t.maintenance().until(), now, "")));
                        first = false;
                    }
                }
                sections.add(new Section(Labels.type(s.kind()) + " · " + Labels.family(s.family()) + " · "
                        + Labels.transport(s.transport()), s.kind().wire(), s.family(), s.transport().wire(),
                        rows, up, down, total));
            }
            return null;
        });
        ListWatcher.Problems problems = lists.problems();
        Counts h = dealerCounts.get();
        model.put("sections", sections);
        model.put("openIncidents", open.stream().map(Map.Entry::getValue).toList());
        model.put("total", counts[0]);
        model.put("unknown", counts[1 + State.UNKNOWN.ordinal()]);
        model.put("up", counts[1 + State.UP.ordinal()]);
        model.put("down", counts[1 + State.DOWN.ordinal()]);
        model.put("paused", counts[1 + State.PAUSED.ordinal()]);
        model.put("maintenance", inMaintenance[0]);
        model.put("workers", h.workersLastMinute());
        model.put("leased", h.leased());
        model.put("problems", problems.skipped());
        model.put("warnings", problems.warnings());
        int pendingRows = reads.pendingCandidates();
        model.put("pendingRows", pendingRows);
        model.put("pending", pendingRows == 0 ? List.of() : pending(filter, now));
        model.put("fileErrors", problems.files());
        model.put("kinds", kinds.stream().map(Kind::wire).sorted().toList());
        model.put("kind", filter.kind() == null ? "" : filter.kind().wire());
        model.put("family", filter.family() == null ? "" : filter.family().toString());
        model.put("state", filter.inMaintenance() ? "maintenance" : filter.state() == null ? ""
                : filter.state().wire());
        model.put("q", filter.text() == null ? "" : filter.text());
        model.put("location", filter.location() == null ? "" : filter.location());
        model.put("tag", filter.tag() == null ? "" : filter.tag());
        model.put("rowsShown", rowsShown);
        model.put("allRowsUrl", url(filter, 0));
        model.put("updated", Format.when(now, now));
        model.put("flushOk", storeOk.getAsBoolean());
        return pages.render("servers", model);
    }

    /** The pending list rows the filter accepts (kind, family, text), the first {@link #ROWS_SHOWN} by id. */
    private List<PendingRow> pending(Filter filter, Instant now) {
        if (filter.state() != null) {
            return List.of(); // a list row has no state yet: asking for up or down ones leaves them out
        }
        List<PendingRow> out = new ArrayList<>();
        for (CandidateView c : reads.candidates()) {
            if (c.state() != Candidate.State.PENDING || !filter.accepts(c)) {
                continue;
            }
            if (out.size() == ROWS_SHOWN) {
                break;
            }
            out.add(new PendingRow(c.id(), Labels.type(c.kind()) + " · " + Labels.family(c.family()),
                    c.host() != null ? c.host() : c.ip(),
                    c.ip() == null ? "(resolving)" : Addresses.withPort(c.ip(), c.port()), c.source(),
                    c.attempts() == 0 ? "" : c.describe(), Format.when(c.lastTried(), now, "not yet"),
                    Format.until(c.nextTry(), now, "waiting for a worker")));
        }
        return out;
    }

    /** When a target is checked next: "checking" while it is, "paused" while an admin has it paused. */
    static Format.When next(TargetView t, Instant now) {
        return Format.until(t.nextCheck(), now, t.state() == State.PAUSED ? "paused" : "checking");
    }

    static String address(TargetView t) {
        return t.ip() == null ? "(resolving " + t.host() + ")" + (t.port() == 0 ? "" : ":" + t.port())
                : Addresses.withPort(t.ip(), t.port());
    }

}
