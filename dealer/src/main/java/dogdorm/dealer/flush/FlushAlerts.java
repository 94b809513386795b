package dogdorm.dealer.flush;

import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Outbox;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells the webhooks when storing starts to fail ({@code dealer.flush_failing}, once, with the cause) and when it
 * works again ({@code dealer.flush_ok}). Used on the flusher's thread only.
 */
public final class FlushAlerts implements Consumer<FlushStatus> {
    private final Outbox outbox;
    private boolean failing;

    public FlushAlerts(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void accept(FlushStatus status) {
        if (!status.ok() && !failing) {
            failing = true;
            outbox.sendNow(new Event(outbox.nextId(), "dealer.flush_failing", status.at(), "the dealer cannot write "
                    + "to its store (checks go on, changes wait): " + status.error(), Map.of("error", status.error())));
        } else if (status.ok() && failing) {
            failing = false;
            outbox.sendNow(new Event(outbox.nextId(), "dealer.flush_ok", status.at(),
                    "the dealer writes to its store again", Map.of()));
        }
    }
}
