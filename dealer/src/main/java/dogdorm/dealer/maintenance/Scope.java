package dogdorm.dealer.maintenance;

/**
 * What a maintenance window applies to: one target (by id) or every target of a list (the file its rows come from,
 * as a target's {@code source} names it before the line: {@code home_tcp_v4.csv}). Exactly one of the two is set.
 * Targets carry no tags, so there is no tag scope.
 */
public record Scope(Long target, String list) {
    public static final int MAX_LIST = 255;

    public Scope {
        if ((target == null) == (list == null)) {
            throw new IllegalArgumentException(target == null
                    ? "target: missing: give a target's id (target) or a list file's name (list)"
                    : "list: give a target or a list, not both");
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

    /** Whether it applies to the target {@code id} whose rows come from {@code file} (null: from no file). */
    public boolean matches(long id, String file) {
        return target != null ? target == id : list.equals(file);
    }

    @Override
    public String toString() {
        return target != null ? "target #" + target : "list " + list;
    }
}
