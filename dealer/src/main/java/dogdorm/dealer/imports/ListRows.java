package dogdorm.dealer.imports;

import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rows each list file (or keepalive config) holds now, by key: rows that are targets at once, rows that are
 * candidates (validated first), and which files allow private addresses. A row listed in two files belongs to the
 * file that listed it first; the other file's copy waits in case the first drops it. Not thread-safe: the state
 * core's lock guards it.
 */
public final class ListRows {
    private final Map<String, Map<TargetKey, TargetSpec>> targets = new LinkedHashMap<>();
    private final Map<String, Map<TargetKey, TargetSpec>> candidates = new LinkedHashMap<>();
    private final Set<String> privateFiles = new HashSet<>();
    private final boolean allowPrivateEverywhere;

    /** @param allowPrivateEverywhere the dealer's {@code --allow-private} */
    public ListRows(boolean allowPrivateEverywhere) {
        this.allowPrivateEverywhere = allowPrivateEverywhere;
    }

    /** The rows a file held before {@code plan}, replaced by the plan's (none when it drops the file). */
    public void put(String file, RowReconcile.Plan plan, boolean filePrivate) {
        targets.put(file, plan.targetRows());
        candidates.put(file, plan.candidateRows());
        if (filePrivate) {
            privateFiles.add(file);
        } else {
            privateFiles.remove(file);
        }
    }

    /** Forgets a file that is gone. */
    public void remove(String file) {
        targets.remove(file);
        candidates.remove(file);
        privateFiles.remove(file);
    }

    Map<TargetKey, TargetSpec> targetRows(String file) {
        return targets.getOrDefault(file, Map.of());
    }

    Map<TargetKey, TargetSpec> candidateRows(String file) {
        return candidates.getOrDefault(file, Map.of());
    }

    /** Whether a file other than {@code file}, the {@code owner}, still lists the key (as a target row). */
    boolean targetListedElsewhere(String owner, String file, TargetKey key) {
        return listedElsewhere(targets, owner, file, key);
    }

    boolean candidateListedElsewhere(String owner, String file, TargetKey key) {
        return listedElsewhere(candidates, owner, file, key);
    }

    private static boolean listedElsewhere(Map<String, Map<TargetKey, TargetSpec>> rows, String owner, String file,
                                           TargetKey key) {
        return owner != null && !owner.equals(file) && rows.containsKey(owner) && rows.get(owner).containsKey(key);
    }

    /** The row another file than {@code file} lists with this key, or null. */
    public TargetSpec targetRowElsewhere(String file, TargetKey key) {
        return rowElsewhere(targets, file, key);
    }

    TargetSpec candidateRowElsewhere(String file, TargetKey key) {
        return rowElsewhere(candidates, file, key);
    }

    private static TargetSpec rowElsewhere(Map<String, Map<TargetKey, TargetSpec>> rows, String file, TargetKey key) {
        for (Map.Entry<String, Map<TargetKey, TargetSpec>> other : rows.entrySet()) {
            TargetSpec there = other.getValue().get(key);
            if (there != null && !other.getKey().equals(file)) {
                return there;
            }
        }
        return null;
    }

    /** Whether a row's file (or {@code --allow-private}) lets it use private, loopback and other such addresses. */
    public boolean allowsPrivate(TargetSpec s) {
        return allowPrivateEverywhere || s.source() != null && privateFiles.contains(s.sourceFile());
    }

    /**
     * A job's {@code public_only}: a target known only by its host name, whose list does not allow private
     * addresses. An address in the spec was vetted when the row was read, so it needs no rule.
     */
    public boolean publicOnly(TargetSpec s) {
        return s.ip() == null && !allowsPrivate(s);
    }
}
