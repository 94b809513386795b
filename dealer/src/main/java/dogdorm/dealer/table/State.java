package dogdorm.dealer.table;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A target's confirmed state. */
public enum State {
    UNKNOWN, UP, DOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static State parse(String s) {
        for (State st : values()) {
            if (st.wire().equalsIgnoreCase(s == null ? "" : s.strip())) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown state '" + s + "': expected up, down or unknown");
    }
}
