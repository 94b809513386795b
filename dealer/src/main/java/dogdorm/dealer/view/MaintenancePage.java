package dogdorm.dealer.view;

import dogdorm.common.Durations;
import dogdorm.dealer.maintenance.Times;
import dogdorm.dealer.maintenance.Window;
import dogdorm.dealer.maintenance.WindowSpec;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.table.Source;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code /maintenance}: the maintenance windows, active ones first, each with a delete button, and the form that
 * adds one (admin only).
 */
public final class MaintenancePage {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Pages pages;
    private final ReadModel reads;

    public MaintenancePage(Pages pages, ReadModel reads) {
        this.pages = pages;
        this.reads = reads;
    }

    /** What the add form holds (what was typed, when it is shown again with an error). */
    public record Form(String name, String target, String list, String tag, String start, String end,
                       List<String> days, String time, String duration, String tz) {
        public static final Form EMPTY = new Form("", "", "", "", "", "", List.of(), "", "", "");

        public WindowSpec.Fields fields() {
            return new WindowSpec.Fields(name, target, list, tag, start, end, days, time, duration, tz);
        }
    }

    /**
     * One window as listed: what it applies to (with a link to a target), when it is open in words, and its
     * state with the moment that goes with it (the end of the open occurrence, or the next start).
     */
    public record Row(long id, String title, String appliesTo, String href, String schedule, String state,
                      String badge, Format.When moment) {}

    public String render(List<Window> windows, Instant now, String csrf, Form form, String error) {
        Map<Long, Window> byId = new HashMap<>();
        windows.forEach(w -> byId.put(w.id(), w));
        List<Row> rows = new ArrayList<>();
        for (WindowView v : windows.stream().map(w -> WindowView.of(w, now)).sorted(WindowView.ORDER).toList()) {
            Window w = byId.get(v.id());
            rows.add(new Row(w.id(), w.title(), appliesTo(w), w.scope().target() == null ? null
                    : "/targets/" + w.scope().target(), schedule(w.times()), v.state(),
                    v.state().equals("active") ? "maintenance" : v.state().equals("upcoming") ? "unknown" : "paused",
                    v.state().equals("active") ? Format.until(v.until(), now, "")
                            : Format.until(v.nextStart(), now, "")));
        }
        Map<String, Object> m = new HashMap<>();
        m.put("rows", rows);
        m.put("active", rows.stream().filter(r -> r.state().equals("active")).count());
        m.put("csrf", csrf);
        m.put("form", form == null ? Form.EMPTY : form);
        m.put("error", error);
        m.put("lists", lists());
        m.put("tags", reads.read(all -> all.stream().flatMap(t -> t.tags().stream()).distinct().sorted().toList()));
        m.put("days", List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun"));
        return pages.render("maintenance", m);
    }

    /** "target #3 nas.home", "target #9 (gone)", "list home_tcp_v4.csv (4 targets)", "tag nas (2 targets)". */
    private String appliesTo(Window w) {
        if (w.scope().target() != null) {
            long id = w.scope().target();
            return "target #" + id + " " + reads.view(id).map(TargetView::name).orElse("(gone)");
        }
        String list = w.scope().list();
        String tag = w.scope().tag();
        long n = reads.read(all -> all.stream().filter(t -> list != null ? list.equals(file(t))
                : t.tags().contains(tag)).count());
        return (list != null ? "list " + list : "tag " + tag) + " (" + n + " target" + (n == 1 ? "" : "s") + ")";
    }

    /** "once, 2026-03-29 01:00 to 2026-03-29 03:00 Europe/Berlin", "weekly, sat, sun at 02:00 for 2h UTC". */
    static String schedule(Times t) {
        return switch (t) {
            case Times.Once o -> "once, " + LOCAL.format(o.start().atZone(o.zone())) + " to "
                    + LOCAL.format(o.end().atZone(o.zone())) + " " + o.zone().getId();
            case Times.Weekly k -> "weekly, " + k.days().stream().map(WindowSpec::dayName)
                    .collect(Collectors.joining(", ")) + " at " + k.time() + " for " + Durations.format(k.duration())
                    + " " + k.zone().getId();
        };
    }

    /** The list files the targets come from, for the form's choice. */
    private List<String> lists() {
        return reads.read(all -> all.stream().map(MaintenancePage::file).filter(Objects::nonNull).distinct()
                .sorted().toList());
    }

    private static String file(TargetView t) {
        Source s = Source.parse(t.source());
        return s == null ? null : s.file();
    }
}
