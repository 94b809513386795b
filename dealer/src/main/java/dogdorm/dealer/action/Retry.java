package dogdorm.dealer.action;

import java.time.Duration;
import okhttp3.Response;

/** How long the outgoing HTTP calls (DigitalOcean, webhooks) wait before trying again. */
final class Retry {
    private Retry() {}

    /**
     * The wait after a failed attempt (1, 2, ...): the backoff doubled per attempt, or the answer's Retry-After
     * (whole seconds) up to the cap when it gave one.
     */
    static Duration waitAfter(int attempt, Duration backoff, Response answer, Duration cap) {
        String after = answer == null ? null : answer.header("Retry-After");
        if (after != null && after.strip().matches("\\d{1,6}")) {
            return Duration.ofSeconds(Math.min(Long.parseLong(after.strip()), cap.toSeconds()));
        }
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
}
