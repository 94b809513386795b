package dogdorm.dealer.table;

/** One monitored target: its fixed id, what it is ({@link TargetSpec}, replaced when its address moves) and its stats. */
public final class Target {
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

    /** The group this target is dealt with: its spec's group, or its own id. */
    public String groupKey() {
        return spec.group() != null ? spec.group() : "#" + id;
    }

    @Override
    public String toString() {
        return "#" + id + " " + spec;
    }
}
