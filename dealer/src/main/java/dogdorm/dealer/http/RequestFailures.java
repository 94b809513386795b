package dogdorm.dealer.http;

import dogdorm.common.Visible;
import dogdorm.dealer.heartbeat.Tokens;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an exception a handler did not turn into an answer itself. A request the client got wrong
 * ({@link Malformed}: a body cut short, a bad percent-encoding) is a 400 (408 for a body that stopped coming) saying
 * what was wrong, logged at WARN without a stack trace, once a minute at most for each kind. Anything else is a
 * fault of the dealer: a 500, logged at ERROR with its stack trace, once a minute at most for each exception type
 * and place, so a client that found one cannot flood the log with it. A path is logged with any heartbeat token cut
 * to its prefix ({@link Tokens#redactPath}), at most 100 characters of it, and never its query.
 */
public final class RequestFailures {
    static final Duration EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(RequestFailures.class);

    private final ErrorAnswer errors;
    private final RateLimitedLog quiet;

    public RequestFailures(ErrorAnswer errors, Clock clock) {
        this.errors = errors;
        this.quiet = new RateLimitedLog(log, clock, EVERY);
    }

    public void handle(Exception e, Context ctx) {
        String request = ctx.method() + " " + Visible.of(Tokens.redactPath(ctx.path()), Visible.MAX_QUOTED);
        Malformed m = Malformed.of(e);
        if (m != null) {
            quiet.warn(m.kind(), "malformed request (" + m.kind() + "): " + request + " from " + ctx.ip()
                    + ": answered " + m.status());
            errors.answer(ctx, m.status(), m.message());
            return;
        }
        StackTraceElement[] at = e.getStackTrace();
        quiet.error(e.getClass().getName() + (at.length == 0 ? "" : " at " + at[0]), request + " failed", e);
        errors.answer(ctx, 500, "internal error: " + e.getClass().getSimpleName());
    }
}
