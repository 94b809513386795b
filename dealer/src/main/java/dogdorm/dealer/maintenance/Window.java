package dogdorm.dealer.maintenance;

import java.time.Instant;

/**
 * A maintenance window: while it is open the targets in its {@link Scope} are checked as always and show
 * "maintenance", and a failure opens no incident and sends no notification. {@code name} may be empty; ids are
 * given by {@link Windows} and never reused.
 */
public record Window(long id, String name, Scope scope, Times times, Instant created) {
    public static final int MAX_NAME = 100;

    public Window {
        name = name == null ? "" : name.strip();
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("name: longer than " + MAX_NAME + " characters");
        }
        if (scope == null) throw new IllegalArgumentException("target: missing");
        if (times == null) throw new IllegalArgumentException("start: missing");
        if (created == null) throw new IllegalArgumentException("created: missing");
    }

    /** The same window with what an edit changes. */
    public Window with(WindowSpec spec) {
        return new Window(id, spec.name(), spec.scope(), spec.times(), created);
    }

    /** What a page calls it: its name, else "window #id". */
    public String title() {
        return name.isEmpty() ? "window #" + id : name;
    }
}
