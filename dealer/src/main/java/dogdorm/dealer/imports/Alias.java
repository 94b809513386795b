package dogdorm.dealer.imports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A host name of one family used by list rows, resolved periodically by workers: its current address (copied
 * to the targets using the name, under the rules in {@link Aliases}), every address it has had, and the last
 * resolution's outcome. Guarded by the dealer's lock.
 */
public final class Alias {
    /** One address the name resolved to, and when. */
    public record Seen(String address, Instant firstSeen, Instant lastSeen) {}

    private final long id;
    private final String host;
    private final int family;
    String current;
    final List<Seen> history = new ArrayList<>();
    Instant lastResolved;
    String lastError;
    boolean allowPrivate;

    public Alias(long id, String host, int family) {
        this.id = id;
        this.host = host;
        this.family = family;
    }

    public long id() {
        return id;
    }

    public String host() {
        return host;
    }

    public int family() {
        return family;
    }

    public String current() {
        return current;
    }

    public List<Seen> history() {
        return List.copyOf(history);
    }

    public Instant lastResolved() {
        return lastResolved;
    }

    public String lastError() {
        return lastError;
    }

    public String unitKey() {
        return "alias:" + id;
    }

    /** Records that the name resolved to {@code address} at {@code at}. */
    void seen(String address, Instant at) {
        for (int i = 0; i < history.size(); i++) {
            Seen s = history.get(i);
            if (s.address().equals(address)) {
                history.set(i, new Seen(address, s.firstSeen(), at));
                return;
            }
        }
        history.add(new Seen(address, at, at));
    }

    public Alias copy() {
        Alias a = restore(id, host, family, current, history, lastResolved, lastError);
        a.allowPrivate = allowPrivate;
        return a;
    }

    /** Restores a stored alias. */
    public static Alias restore(long id, String host, int family, String current, List<Seen> history,
                                Instant lastResolved, String lastError) {
        Alias a = new Alias(id, host, family);
        a.current = current;
        a.history.addAll(history);
        a.lastResolved = lastResolved;
        a.lastError = lastError;
        return a;
    }
}
