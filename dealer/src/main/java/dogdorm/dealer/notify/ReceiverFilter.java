package dogdorm.dealer.notify;

import dogdorm.dealer.table.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Which events a receiver gets. {@code targets}, {@code lists} and {@code tags} say which targets it is for: a
 * target named by id, or in one of the lists, or with one of the tags (its own, or its kind or family: {@link
 * Subject}; any one is enough); none of them: every
 * target, and the events about no target (heartbeats, the dealer's storage). {@code events} says which types
 * ({@code target.down}, or every {@code target.*}); none: every type. Both must take an event. No filter at all
 * takes everything, as a {@code --notify} webhook does.
 */
public record ReceiverFilter(List<Long> targets, List<String> lists, List<String> tags, List<String> events) {
    public static final ReceiverFilter EVERYTHING = new ReceiverFilter(null, null, null, null);

    /** Sorted, each once; a bad value is refused naming the field and the value's place. */
    public ReceiverFilter {
        targets = targets == null ? List.of() : List.copyOf(new TreeSet<>(targets));
        for (Long id : targets) {
            if (id == null || id < 1) {
                throw new IllegalArgumentException("filter.targets: " + id + " is not a target id");
            }
        }
        lists = words("filter.lists", lists);
        // lowered, as targets' tags are; the API and the page check them by the tag rules first ({@link #checked}),
        // while one stored before those rules (a space in it, say) still loads, and matches no target
        tags = words("filter.tags", tags == null ? null : tags.stream()
                .map(t -> t == null ? null : t.strip().toLowerCase(Locale.ROOT)).toList());
        events = words("filter.events", events);
        for (String e : events) {
            boolean known = e.endsWith(".*")
                    ? Event.TYPES.stream().anyMatch(t -> t.startsWith(e.substring(0, e.length() - 1)))
                    : Event.TYPES.contains(e);
            if (!known) {
                throw new IllegalArgumentException("filter.events: '" + Secrets.shorten(e) + "' is not an event "
                        + "type (one of " + String.join(", ", Event.TYPES) + ", or a group such as target.*)");
            }
        }
    }

    /** A filter from a person's input: its tags must be tags ({@link Tags}), each reason naming the field. */
    public static ReceiverFilter checked(List<Long> targets, List<String> lists, List<String> tags,
                                         List<String> events) {
        List<String> given = tags == null ? List.of() : tags;
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) != null && !given.get(i).isBlank()) { // a blank one: the constructor names it
                Tags.one(given.get(i), "filter.tags[" + i + "]");
            }
        }
        ReceiverFilter f = new ReceiverFilter(targets, lists, tags, events);
        Tags.of(f.tags(), "filter.tags"); // at most Tags.MAX
        return f;
    }

    private static List<String> words(String field, Collection<String> given) {
        if (given == null) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        int i = 0;
        for (String w : given) {
            if (w == null || w.isBlank()) {
                throw new IllegalArgumentException(field + "[" + i + "]: blank");
            }
            if (w.strip().length() > 200 || w.contains(",")) {
                throw new IllegalArgumentException(field + "[" + i + "]: '" + Secrets.shorten(w)
                        + "' is longer than 200 characters or has a comma");
            }
            out.add(w.strip());
            i++;
        }
        return List.copyOf(out);
    }

    /** Whether every event goes through. */
    public boolean everything() {
        return events.isEmpty() && !scoped();
    }

    /** Whether it names targets (by id, list or tag). */
    public boolean scoped() {
        return !targets.isEmpty() || !lists.isEmpty() || !tags.isEmpty();
    }

    /**
     * Whether {@code e} goes through. {@code subjects} tells what is known of the target with an id (null: no such
     * target now); asked only when an id alone does not decide.
     */
    public boolean takes(Event e, LongFunction<Subject> subjects) {
        if (!events.isEmpty() && events.stream().noneMatch(f -> f.endsWith(".*")
                ? e.type().startsWith(f.substring(0, f.length() - 1)) : f.equals(e.type()))) {
            return false;
        }
        if (!scoped()) {
            return true;
        }
        if (!(e.fields().get("target") instanceof Number n)) {
            return false; // about no target: a receiver for some targets does not hear of it
        }
        if (targets.contains(n.longValue())) {
            return true;
        }
        if (lists.isEmpty() && tags.isEmpty()) {
            return false;
        }
        Subject s = subjects.apply(n.longValue());
        if (s == null) {
            return false;
        }
        return (s.list() != null && lists.contains(s.list())) || s.tags().stream().anyMatch(tags::contains);
    }

    /** In words, for the page: {@code everything}, or {@code target.down, target.up of targets #3, list tcp_v4.csv}. */
    public String describe() {
        if (everything()) {
            return "everything";
        }
        List<String> of = new ArrayList<>();
        targets.forEach(t -> of.add("#" + t));
        lists.forEach(l -> of.add("list " + l));
        tags.forEach(t -> of.add("tag " + t));
        String types = events.isEmpty() ? "every event" : String.join(", ", events);
        return of.isEmpty() ? types : types + " of " + String.join(", ", of);
    }
}
