package dogdorm.dealer.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Log lines that clients can cause, at most one per {@code every} for each kind: the first of a kind is logged at
 * once, later ones within {@code every} are only counted, and the next line of that kind says how many were left
 * out. So a client that sends the same bad request a thousand times a second costs the log one line a minute, and
 * the count still shows how many came. Kinds are remembered up to {@link #MAX_KINDS} (the longest unused go first),
 * so kinds a client makes up (an address, say) cannot grow the memory without end.
 */
public final class RateLimitedLog {
    static final int MAX_KINDS = 10_000;

    private final Logger log;
    private final Clock clock;
    private final Duration every;
    private final Map<String, Kind> kinds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kind> eldest) {
            return size() > MAX_KINDS;
        }
    };

    private static final class Kind {
        Instant loggedAt;
        long leftOut;
    }

    public RateLimitedLog(Logger log, Clock clock, Duration every) {
        this.log = log;
        this.clock = clock;
        this.every = every;
    }

    /** Logs {@code message} at WARN, without a stack trace, unless a line of {@code kind} went out within the interval. */
    public boolean warn(String kind, String message) {
        String line = line(kind, message);
        if (line != null) {
            log.warn(line);
        }
        return line != null;
    }

    /** As {@link #warn}, at ERROR with {@code e}'s stack trace: for faults of the dealer that a client can repeat. */
    public boolean error(String kind, String message, Throwable e) {
        String line = line(kind, message);
        if (line != null) {
            log.error(line, e);
        }
        return line != null;
    }

    /** The line to log for {@code kind} now, with how many were left out since the last; null to leave it out. */
    private synchronized String line(String kind, String message) {
        Instant now = clock.instant();
        Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
        if (k.loggedAt != null && now.isBefore(k.loggedAt.plus(every))) {
            k.leftOut++;
            return null;
        }
        String line = k.leftOut == 0 ? message : message + " (" + k.leftOut + " more like it since "
                + k.loggedAt + " not logged)";
        k.loggedAt = now;
        k.leftOut = 0;
        return line;
    }
}
