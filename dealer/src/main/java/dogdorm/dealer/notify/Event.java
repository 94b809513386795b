package dogdorm.dealer.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something worth telling people: {@code target.down}, {@code target.up}, {@code heartbeat.down},
 * {@code heartbeat.up}, {@code remediation.sent}, {@code remediation.succeeded}, {@code remediation.failed},
 * {@code dealer.flush_failing}, {@code dealer.flush_ok}. {@code id} is unique and never reused ({@link Outbox}
 * gives it): an event sent again after a restart has the same id. {@code message} is one human sentence;
 * {@code fields} the facts (never a secret).
 */
public record Event(long id, String type, Instant at, String message, Map<String, Object> fields) {
    /** Every type of event the dealer sends (a receiver's filter names some of these), and {@code test}. */
    public static final List<String> TYPES = List.of("target.down", "target.up", "target.regional", "heartbeat.down",
            "heartbeat.up", "remediation.sent", "remediation.succeeded", "remediation.failed", "dealer.flush_failing",
            "dealer.flush_ok");

    /** What the "send a test" button sends: to the one receiver asked, whatever its filter. */
    public static final String TEST = "test";

    /** Keeps the fields' order, and a fact that is not known (a target's address before it resolves) as null. */
    public Event {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
