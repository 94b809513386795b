package dogdorm.dealer.statuspage;

import java.util.List;
import java.util.Set;

/** What one flush stores of the status pages: the pages created or changed (whole rows), those deleted, and the highest id given. */
public record StatusPageChanges(List<StatusPage> saved, Set<Long> deleted, long lastId) {
    public StatusPageChanges {
        saved = List.copyOf(saved);
        deleted = Set.copyOf(deleted);
    }

    public static StatusPageChanges none() {
        return new StatusPageChanges(List.of(), Set.of(), 0);
    }

    public int size() {
        return saved.size() + deleted.size();
    }

    /** What the store held at start: the pages and the highest id given so far. */
    public record Stored(List<StatusPage> pages, long lastId) {
        public static Stored empty() {
            return new Stored(List.of(), 0);
        }
    }
}
