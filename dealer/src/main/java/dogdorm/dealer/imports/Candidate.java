package dogdorm.dealer.imports;

import com.fasterxml.jackson.annotation.JsonValue;
import dogdorm.dealer.table.TargetSpec;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A list row of a kind that is validated before it is monitored (STUN, TURN, MQTT, NTP, as the original
 * imported them). Its validation is work dealt to workers; what it finds becomes services (targets). Guarded by
 * the dealer's lock.
 */
public final class Candidate {
    /** Where a candidate stands. */
    public enum State {
        /** Not yet validated: never tried, or tried and failed fewer than the allowed times. */
        PENDING,
        /** Validated into services. */
        VALIDATED,
        /** Failed every allowed try: kept, with the last reason, until its row changes or goes. */
        DISABLED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    public static final int MAX_ATTEMPTS = 3;

    private final long id;
    TargetSpec spec;
    State state = State.PENDING;
    int attempts;
    String lastError;
    Instant lastTried;
    List<Long> services = List.of();

    public Candidate(long id, TargetSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    /** A candidate as stored. */
    public static Candidate restore(long id, TargetSpec spec, State state, int attempts, String lastError,
                                    Instant lastTried, List<Long> services) {
        Candidate c = new Candidate(id, spec);
        c.state = state;
        c.attempts = attempts;
        c.lastError = lastError;
        c.lastTried = lastTried;
        c.services = List.copyOf(services);
        return c;
    }

    public long id() {
        return id;
    }

    public TargetSpec spec() {
        return spec;
    }

    public State state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastTried() {
        return lastTried;
    }

    public List<Long> services() {
        return services;
    }

    /** The scheduler's unit for validating it. */
    public String unitKey() {
        return "import:" + id;
    }

    /** A copy for the store and the pages. */
    public Candidate copy() {
        return restore(id, spec, state, attempts, lastError, lastTried, services);
    }

    @Override
    public String toString() {
        return "candidate #" + id + " " + spec;
    }
}
