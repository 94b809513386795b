package dogdorm.dealer.notify;

import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.table.Source;
import java.util.Set;

/**
 * What a receiver's filter knows of the target an event is about: the list it came from ({@code tcp_v4.csv}; the
 * source's file) and its tags. Targets have no tags of their own yet: their tags are their kind ({@code tcp},
 * {@code stun}, ...) and address family ({@code v4}, {@code v6}); tags given to targets join these here.
 */
public record Subject(String list, Set<String> tags) {
    public Subject {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public static Subject of(TargetView t) {
        Source s = Source.parse(t.source());
        return new Subject(s == null ? null : s.file(), Set.of(t.kind().wire(), "v" + t.family()));
    }
}
