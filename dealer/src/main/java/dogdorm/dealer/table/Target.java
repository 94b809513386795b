package dogdorm.dealer.table;

/** One monitored target: its fixed id, what it is ({@link TargetSpec}, replaced when its address moves) and its stats. */
public final class Target {
    /** The prefix of the group key of a target without a named group: it is its own group, "#id". */
    public static final String OWN_GROUP = "#";

    private final long id;
    private TargetSpec spec;
    private final Stats stats;

    public Target(long id, TargetSpec spec, Stats stats) {
        this.id = id;
        this.spec = spec;
        this.stats = stats;
    }

    public long id() {
        return id;
    }

    public TargetSpec spec() {
        return spec;
    }

    void spec(TargetSpec newSpec) {
        this.spec = newSpec;
    }

    public Stats stats() {
        return stats;
    }

    /** The group this target is dealt with: its spec's group, or "#id" (its own). */
    public String groupKey() {
        return spec.group() != null ? spec.group() : OWN_GROUP + id;
    }

    @Override
    public String toString() {
        return "#" + id + " " + spec;
    }
}
