package dogdorm.dealer.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something worth telling people: {@code target.down}, {@code target.up}, {@code heartbeat.down},
 * {@code heartbeat.up}, {@code remediation.sent}, {@code remediation.succeeded}, {@code remediation.failed},
 * {@code dealer.flush_failing}, {@code dealer.flush_ok}. {@code id} is unique and never reused ({@link Outbox}
 * gives it): an event sent again after a restart has the same id. {@code message} is one human sentence;
 * {@code fields} the facts (never a secret).
 */
public record Event(long id, String type, Instant at, String message, Map<String, Object> fields) {
    /** Keeps the fields' order, and a fact that is not known (a target's address before it resolves) as null. */
    public Event {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
