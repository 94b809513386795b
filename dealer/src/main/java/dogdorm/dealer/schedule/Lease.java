package dogdorm.dealer.schedule;

import java.util.HashSet;
import java.util.Set;

/**
 * One unit dealt to one worker: answered target by target until every member has a result, or expired at its
 * deadline (then the unit is dealt again). A multi-vantage extension would deal a unit to several workers in
 * distinct {@code location}s, one lease each.
 */
public final class Lease {
    /** The id as dealt: {@code base} and its signature for the worker. */
    final String id;
    /** The id the dealer keeps it by: {@code <dealer run>-<number>}. */
    final String base;
    final Unit unit;
    final String worker;
    final String location;
    final long deadline;
    final Set<Long> pending;
    boolean retrySoon;
    boolean done;

    Lease(String id, String base, Unit unit, String worker, String location, long deadline) {
        this.id = id;
        this.base = base;
        this.unit = unit;
        this.worker = worker;
        this.location = location;
        this.deadline = deadline;
        this.pending = new HashSet<>();
        for (long m : unit.members) {
            pending.add(m);
        }
    }

    public String id() {
        return id;
    }

    public Unit unit() {
        return unit;
    }

    public String worker() {
        return worker;
    }

    public String location() {
        return location;
    }

    public long deadline() {
        return deadline;
    }

    public boolean isPending(long target) {
        return pending.contains(target);
    }
}
