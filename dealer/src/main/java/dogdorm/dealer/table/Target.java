package dogdorm.dealer.table;

import dogdorm.common.Addresses;
import java.util.LinkedHashMap;
import java.util.Map;

/** One monitored target: its fixed id, what it is ({@link TargetSpec}, replaced when its address moves) and its stats. */
public final class Target {
    /** The prefix of the group key of a target without a named group: it is its own group, "#id". */
    public static final String OWN_GROUP = "#";
    /** The most detail entries a target keeps. */
    public static final int MAX_DETAIL = 16;

    private final long id;
    private TargetSpec spec;
    private final Stats stats;
    /** What the last check's probe said beyond up/down (a TURN outcome, an NTP stratum); kept in memory only. */
    private Map<String, Object> detail = Map.of();
    /** The state the dealer's counts have this target in (null: not counted yet). */
    private State counted;

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

    public Map<String, Object> detail() {
        return detail;
    }

    /**
     * Keeps a check's detail: scalar values only (at most {@link #MAX_DETAIL} of them, strings cut at 200
     * characters), without an "address" that only repeats the target's ip, so a plain TCP check keeps nothing.
     */
    public void detail(Map<String, Object> posted) {
        if (posted == null || posted.isEmpty()) {
            detail = Map.of();
            return;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : posted.entrySet()) {
            Object v = e.getValue();
            if (kept.size() == MAX_DETAIL) break;
            if (e.getKey() == null || e.getKey().length() > 40) continue;
            if (v instanceof String str) {
                if (e.getKey().equals("address") && spec.ip() != null && sameAddress(str, spec.ip())) continue;
                kept.put(e.getKey(), str.length() > 200 ? str.substring(0, 200) : str);
            } else if (v instanceof Number || v instanceof Boolean) {
                kept.put(e.getKey(), v);
            }
        }
        detail = kept.isEmpty() ? Map.of() : kept;
    }

    /** Whether {@code a} is {@code ip} (canonical): as written first, so a TCP result is not parsed each time. */
    private static boolean sameAddress(String a, String ip) {
        if (a.equals(ip)) {
            return true;
        }
        try {
            return Addresses.canonical(Addresses.parse(a)).equals(ip);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The state the dealer's counts last put it in, or null. */
    public State counted() {
        return counted;
    }

    public void counted(State s) {
        counted = s;
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
