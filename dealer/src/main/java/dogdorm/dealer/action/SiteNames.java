package dogdorm.dealer.action;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the keepalive configs call their sites: a site's {@code description}, by the source of its target
 * ({@code keepalive:/etc/dokeepalive.conf:1.2}). {@link KeepaliveWatcher} writes it as configs are applied and
 * removed; the pages read it (through the read model, as a function from a target's source to its name, null for
 * none) and so does {@link Remediation}'s audit. Thread-safe.
 */
public final class SiteNames implements Function<String, String> {
    private final Map<String, Map<String, String>> byFile = new HashMap<>();
    private volatile Map<String, String> bySource = Map.of();

    /** The names of one config file's sites (by their targets' sources), replacing that file's earlier ones. */
    public synchronized void put(String file, Map<String, String> names) {
        byFile.put(file, Map.copyOf(names));
        reindex();
    }

    public synchronized void remove(String file) {
        byFile.remove(file);
        reindex();
    }

    private void reindex() {
        Map<String, String> all = new HashMap<>();
        byFile.values().forEach(all::putAll);
        bySource = Map.copyOf(all);
    }

    /** The name of the site whose target comes from {@code source}, or null when it has none. */
    @Override
    public String apply(String source) {
        return source == null ? null : bySource.get(source);
    }
}
