package dogdorm.dealer.view;

import dogdorm.common.Durations;
import dogdorm.dealer.maintenance.Times;
import dogdorm.dealer.maintenance.Window;
import dogdorm.dealer.maintenance.WindowSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A maintenance window as the API answers it: what it applies to ({@code target} or {@code list}), its
 * {@code type} ({@code once}: {@code start}, {@code end}; {@code weekly}: {@code days}, {@code time},
 * {@code duration}), its {@code tz}, and, at the time of asking, its {@code state} ({@code active} until
 * {@code until}, {@code upcoming} from {@code next_start}, or {@code over}).
 */
public record WindowView(long id, String name, Long target, String list, String tag, String type, Instant start,
                         Instant end, List<String> days, String time, String duration, String tz, String state,
                         Instant until, Instant nextStart, Instant created) {

    /** Active ones first (the soonest to end first), then upcoming ones (the soonest first), then those over. */
    public static final Comparator<WindowView> ORDER = Comparator.comparingInt(WindowView::rank)
            .thenComparing(v -> v.until() != null ? v.until() : v.nextStart() != null ? v.nextStart() : Instant.MAX)
            .thenComparingLong(WindowView::id);

    public static WindowView of(Window w, Instant now) {
        Times t = w.times();
        Times.Occurrence open = t.at(now);
        Times.Occurrence next = t.next(now);
        String state = open != null ? "active" : next != null ? "upcoming" : "over";
        return switch (t) {
            case Times.Once o -> new WindowView(w.id(), w.name(), w.scope().target(), w.scope().list(),
                    w.scope().tag(), "once",
                    o.start(), o.end(), null, null, null, o.zone().getId(), state,
                    open == null ? null : open.end(), next == null ? null : next.start(), w.created());
            case Times.Weekly k -> new WindowView(w.id(), w.name(), w.scope().target(), w.scope().list(),
                    w.scope().tag(), "weekly",
                    null, null, k.days().stream().map(WindowSpec::dayName).toList(), k.time().toString(),
                    Durations.format(k.duration()), k.zone().getId(), state, open == null ? null : open.end(),
                    next == null ? null : next.start(), w.created());
        };
    }

    private int rank() {
        return switch (state) {
            case "active" -> 0;
            case "upcoming" -> 1;
            default -> 2;
        };
    }
}
