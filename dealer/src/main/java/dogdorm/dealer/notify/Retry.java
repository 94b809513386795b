package dogdorm.dealer.notify;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Response;

/** How long the outgoing HTTP calls (DigitalOcean, webhooks) wait before trying again. */
public final class Retry {
    private Retry() {}

    /**
     * The wait after a failed attempt (1, 2, ...): the backoff doubled per attempt, or the answer's Retry-After
     * up to the cap when it gave one, in seconds or as an HTTP date (counted from the answer's own Date, so the
     * two clocks need not agree).
     */
    public static Duration waitAfter(int attempt, Duration backoff, Response answer, Duration cap) {
        String after = answer == null ? null : answer.header("Retry-After");
        if (after != null && after.strip().matches("\\d{1,6}")) {
            return Duration.ofSeconds(Math.min(Long.parseLong(after.strip()), cap.toSeconds()));
        }
        Instant until = after == null ? null : answer.headers().getInstant("Retry-After");
        if (until != null) {
            Instant now = answer.headers().getInstant("Date");
            if (now == null) {
                now = Instant.ofEpochMilli(answer.receivedResponseAtMillis());
            }
            Duration wait = Duration.between(now, until);
            return wait.isNegative() ? Duration.ZERO : wait.compareTo(cap) > 0 ? cap : wait;
        }
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
}
