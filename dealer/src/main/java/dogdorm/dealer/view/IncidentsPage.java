package dogdorm.dealer.view;

import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.TargetView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /incidents}: every target's incidents, newest first, with the filters that chose them. */
public final class IncidentsPage {
    private final ReadModel reads;
    private final Clock clock;
    private final Pages pages;

    public IncidentsPage(ReadModel reads, Clock clock, Pages pages) {
        this.reads = reads;
        this.clock = clock;
        this.pages = pages;
    }

    /**
     * One incident with its target's name (null when the target is gone) and state ({@code open} or
     * {@code closed}); {@code durationS} runs to now while open. The JSON of {@code /api/incidents}.
     */
    public record Entry(long id, long target, String targetName, String state, String description, Instant downAt,
                        Instant confirmedAt, Instant upAt, long durationS, String worker) {}

    /** The filters as asked, to show them again in the form (blank when not given). */
    public record Asked(String state, String target, String since, int limit) {}

    public List<Entry> entries(List<Incident> incidents) {
        Instant now = clock.instant();
        Map<Long, String> names = new HashMap<>();
        List<Entry> out = new ArrayList<>(incidents.size());
        for (Incident i : incidents) {
            String name = names.computeIfAbsent(i.targetId(),
                    id -> reads.view(id).map(TargetView::name).orElse(null));
            out.add(new Entry(i.id(), i.targetId(), name, i.open() ? "open" : "closed", i.description(),
                    i.downAt(), i.confirmedAt(), i.upAt(), i.duration(now).toSeconds(), i.worker()));
        }
        return out;
    }

    /** One incident as the page shows it. */
    public record Row(long id, long target, String targetName, boolean open, String downAt, String upAt,
                      String duration, String description, String worker) {}

    public String render(Asked asked, List<Entry> entries) {
        List<Row> rows = new ArrayList<>(entries.size());
        int open = 0;
        for (Entry e : entries) {
            open += e.upAt() == null ? 1 : 0;
            rows.add(new Row(e.id(), e.target(), Optional.ofNullable(e.targetName()).orElse("target #" + e.target()),
                    e.upAt() == null, e.downAt().toString(), e.upAt() == null ? "" : e.upAt().toString(),
                    TargetPage.human(Duration.ofSeconds(e.durationS())),
                    e.description() == null ? "" : e.description(), e.worker() == null ? "" : e.worker()));
        }
        Map<String, Object> m = new HashMap<>();
        m.put("asked", asked);
        m.put("rows", rows);
        m.put("open", open);
        m.put("full", entries.size() >= asked.limit());
        return pages.render("incidents", m);
    }
}
