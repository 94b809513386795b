package dogdorm.dealer.maintenance;

import dogdorm.dealer.table.Tags;

/**
 * What a maintenance window applies to: one target (by id), every target of a list (the file its rows come from,
 * as a target's {@code source} names it before the line: {@code home_tcp_v4.csv}) or every target with a tag
 * ({@link Tags}: whichever has it at the time, so a target tagged later is covered too). Exactly one is set.
 */
public record Scope(Long target, String list, String tag) {
    public static final int MAX_LIST = 255;

    public Scope(Long target, String list) {
        this(target, list, null);
    }

    public Scope {
        int given = (target != null ? 1 : 0) + (list != null ? 1 : 0) + (tag != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(given == 0
                    ? "target: missing: give a target's id (target), a list file's name (list) or a tag (tag)"
                    : (tag != null ? "tag" : "list") + ": give one of a target, a list or a tag");
        }
        if (tag != null) {
            tag = Tags.one(tag, "tag");
        }
        if (target != null && target < 1) {
            throw new IllegalArgumentException("target: " + target + " is not a target id");
        }
        if (list != null && (list.isBlank() || list.length() > MAX_LIST)) {
            throw new IllegalArgumentException("list: " + (list.isBlank() ? "blank" : "longer than " + MAX_LIST
                    + " characters"));
        }
    }

    public static Scope target(long id) {
        return new Scope(id, null);
    }

    public static Scope list(String file) {
        return new Scope(null, file);
    }

    public static Scope tag(String tag) {
        return new Scope(null, null, tag);
    }

    @Override
    public String toString() {
        return target != null ? "target #" + target : list != null ? "list " + list : "tag " + tag;
    }
}
