package dogdorm.common.wire;

import dogdorm.common.Visible;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a {@link Job} asks of a worker. The wire name is the lower-case word ("check", "import", "resolve"). */
public enum Task {
    /** A normal service check: up or down. */
    CHECK("check"),
    /** Validate a list row before it becomes services (STUN: classify it); detail: {@link ImportFindings}. */
    IMPORT("import"),
    /** Resolve a host name (kind resolve); detail: a {@link Resolution}. */
    RESOLVE("resolve");

    private final String wire;

    Task(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The task a wire name means; an unknown one is refused naming it and the tasks this side knows. */
    @JsonCreator
    public static Task parse(String text) {
        if (text != null) {
            String s = text.strip().toLowerCase(Locale.ROOT);
            for (Task t : values()) {
                if (t.wire.equals(s)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown task " + Visible.quoted(text) + ": expected one of "
                + Arrays.stream(values()).map(Task::wire).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wire;
    }
}
