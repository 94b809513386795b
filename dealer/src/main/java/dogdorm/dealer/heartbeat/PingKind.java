package dogdorm.dealer.heartbeat;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a ping says: {@code /hb/T} the job succeeded, {@code /hb/T/start} it started, {@code /hb/T/fail} it failed. */
public enum PingKind {
    SUCCESS, START, FAIL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PingKind parse(String s) {
        for (PingKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown ping kind '" + s + "'");
    }

    @Override
    public String toString() {
        return wire();
    }
}
