package dogdorm.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The transport a target is checked over. */
public enum Transport {
    UDP, TCP, ICMP;

    /** Made once: a flush writes the transport of every changed target. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Transport parse(String text) {
        if (text != null) {
            for (Transport t : values()) {
                if (t.wire().equalsIgnoreCase(text.strip())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown transport " + Visible.quoted(text) + ": expected udp, tcp or icmp");
    }

    @Override
    public String toString() {
        return wire();
    }
}
