package dogdorm.dealer.notify;

import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.table.Source;
import java.util.HashSet;
import java.util.Set;

/**
 * What a receiver's filter knows of the target an event is about: the list it came from ({@code tcp_v4.csv}; the
 * source's file) and its tags: the ones a person gave it ({@link dogdorm.dealer.table.Tags}), and its kind
 * ({@code tcp}, {@code stun}, ...) and address family ({@code v4}, {@code v6}) as tags too, so a receiver can take
 * every TCP target by the tag {@code tcp}.
 */
public record Subject(String list, Set<String> tags) {
    public Subject {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public static Subject of(TargetView t) {
        Source s = Source.parse(t.source());
        Set<String> tags = new HashSet<>(t.tags());
        tags.add(t.kind().wire());
        tags.add("v" + t.family());
        return new Subject(s == null ? null : s.file(), tags);
    }
}
