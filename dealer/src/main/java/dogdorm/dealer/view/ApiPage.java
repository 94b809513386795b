package dogdorm.dealer.view;

import dogdorm.dealer.core.Counts;
import dogdorm.dealer.flush.FlushHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /api}: the dealer's routes for a person reading them, and its health in words. {@code /healthz} keeps
 * the same figures in JSON for monitors and load balancers.
 */
public final class ApiPage {
    private final Pages pages;
    private final Clock clock;

    public ApiPage(Pages pages, Clock clock) {
        this.pages = pages;
        this.clock = clock;
    }

    public String render(Counts counts, FlushHealth flush) {
        Instant now = clock.instant();
        Map<String, Object> m = new HashMap<>();
        m.put("ok", flush.ok());
        m.put("targets", counts.targets());
        m.put("due", counts.due());
        m.put("leased", counts.leased());
        m.put("workers", counts.workersLastMinute());
        m.put("unflushed", flush.waitingTotal());
        m.put("lastFlush", Format.when(flush.lastGood() == null ? null : flush.lastGood().at(), now,
                "not yet"));
        m.put("lastFlushMs", flush.lastGood() == null ? null : flush.lastGood().millis());
        m.put("flushError", flush.ok() ? null : flush.last().error());
        m.put("failingSince", Format.when(flush.failingSince(), now, ""));
        return pages.render("api", m);
    }
}
