package dogdorm.dealer.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which watched files are ready to apply: a new or changed file once it has kept the same size and modification
 * time on two scans in a row (so a half-written file is never read), and which applied files are gone. Used by
 * the list folder and the keepalive configs; not thread-safe (each watcher scans from one thread at a time).
 *
 * @param <K> how the watcher names a file
 */
public final class SettledFiles<K> {
    /** What a scan notes of one file. */
    public record Stat(long size, long modified) {
        /** The file's size and modification time, or null when it is missing or not a regular file. */
        public static Stat of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return a.isRegularFile() ? new Stat(a.size(), a.lastModifiedTime().toMillis()) : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** One scan's outcome: files to apply now (in the order given), and applied files no longer present. */
    public record Scan<K>(List<K> ready, List<K> gone) {}

    private final Map<K, Stat> applied = new HashMap<>();
    private final Map<K, Stat> pending = new HashMap<>();

    /**
     * Compares the files present now with what was applied and seen before.
     *
     * @param now    every file present, by name, in the order {@link Scan#ready} should keep
     * @param atOnce take new and changed files without waiting for a second scan (the scan at start-up)
     */
    public Scan<K> scan(Map<K, Stat> now, boolean atOnce) {
        List<K> ready = new ArrayList<>();
        for (Map.Entry<K, Stat> e : now.entrySet()) {
            K f = e.getKey();
            Stat stat = e.getValue();
            if (stat.equals(applied.get(f))) {
                pending.remove(f);
                continue;
            }
            if (!atOnce && !stat.equals(pending.get(f))) {
                pending.put(f, stat);
                continue;
            }
            pending.remove(f);
            applied.put(f, stat);
            ready.add(f);
        }
        List<K> gone = new ArrayList<>();
        for (K f : new ArrayList<>(applied.keySet())) {
            if (!now.containsKey(f)) {
                applied.remove(f);
                pending.remove(f);
                gone.add(f);
            }
        }
        return new Scan<>(ready, gone);
    }

    /** The files applied (and not gone since). */
    public Set<K> applied() {
        return Set.copyOf(applied.keySet());
    }
}
