package dogdorm.dealer.table;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A target's confirmed state ({@link Stats#state}: unknown, up or down), or as the pages show it also paused: a
 * target an admin paused is not checked, and keeps its confirmed state for when it is resumed.
 */
public enum State {
    UNKNOWN, UP, DOWN, PAUSED;

    /** Made once: a flush writes the state of every changed target. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    public static State parse(String s) {
        for (State st : values()) {
            if (st.wire().equalsIgnoreCase(s == null ? "" : s.strip())) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown state '" + s + "': expected up, down, unknown or paused");
    }
}
