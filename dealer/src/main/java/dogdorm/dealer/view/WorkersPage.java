package dogdorm.dealer.view;

import dogdorm.dealer.core.Core;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /workers}: every worker heard from, where it checks from, how busy it is, and how the vote rates it. */
public final class WorkersPage {
    private final Supplier<Core.WorkerList> workers;
    private final Clock clock;
    private final Pages pages;

    public WorkersPage(Supplier<Core.WorkerList> workers, Clock clock, Pages pages) {
        this.workers = workers;
        this.clock = clock;
        this.pages = pages;
    }

    public record Row(String name, String location, String address, Format.When firstSeen, Format.When lastSeen,
                      long results,
                      long perMinute, boolean healthy, String disagreement, String why) {}

    public String render() {
        Instant now = clock.instant();
        Core.WorkerList list = workers.get();
        List<Row> rows = new ArrayList<>();
        int unhealthy = 0;
        for (Core.WorkerEntry w : list.workers()) {
            var i = w.info();
            var r = w.rating();
            unhealthy += r.healthy() ? 0 : 1;
            rows.add(new Row(i.name(), i.location() == null ? "" : i.location(),
                    i.address() == null ? "" : i.address(), Format.when(i.firstSeen(), now),
                    Format.when(i.lastSeen(), now), i.results(), i.resultsLastMinute(), r.healthy(),
                    r.checks() == 0 ? "" : Format.percent(100 * r.disagreement()), r.why() == null ? "" : r.why()));
        }
        Map<String, Object> m = new HashMap<>();
        m.put("rows", rows);
        m.put("locations", String.join(", ", list.locations()));
        m.put("count", rows.size());
        m.put("unhealthy", unhealthy);
        return pages.render("workers", m);
    }
}
