package dogdorm.dealer.imports;

import dogdorm.common.Addresses;
import dogdorm.dealer.pending.ChangeSet;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * DNS aliases: every (host name, family) the lists use, resolved periodically by workers, with the rules the
 * original kept so that a working server does not flap between addresses:
 * <ul>
 *   <li>the current address is kept while the name still resolves to it; otherwise the first address the policy
 *       allows becomes current;</li>
 *   <li>a target using the name takes the current address only when it has no address, has never been checked, or
 *       has had no success for longer than the alias downtime ({@link AliasTracking#shouldMove});</li>
 *   <li>a name resolving only to refused addresses (private, loopback, link-local... unless allowed) or not
 *       resolving at all keeps its last address and is reported.</li>
 * </ul>
 * Not thread-safe: the dealer's lock guards it.
 */
public final class Aliases {
    private final Map<String, Alias> byName = new HashMap<>();
    private final Map<Long, Alias> byId = new HashMap<>();
    private final ChangeSet<Alias> changes = new ChangeSet<>(byId, Alias::id, Alias::copy);
    private long lastId;

    static String name(String host, int family) {
        return host + "/" + family;
    }

    public void load(Alias a) {
        byName.put(name(a.host(), a.family()), a);
        byId.put(a.id(), a);
        lastId = Math.max(lastId, a.id());
    }

    /** The alias for a name, created when new. */
    public Alias track(String host, int family, boolean allowPrivate) {
        Alias a = byName.get(name(host, family));
        if (a == null) {
            a = new Alias(++lastId, host, family);
            load(a);
            changes.changed(a.id());
        }
        a.allowPrivate = allowPrivate;
        return a;
    }

    /** Forgets the aliases {@code keep} refuses (their names are no longer used); returns them. */
    public List<Alias> retain(Predicate<Alias> keep) {
        List<Alias> gone = new ArrayList<>();
        for (Alias a : new ArrayList<>(byId.values())) {
            if (!keep.test(a)) {
                byId.remove(a.id());
                byName.remove(name(a.host(), a.family()));
                changes.deleted(a.id());
                gone.add(a);
            }
        }
        return gone;
    }

    public Alias get(long id) {
        return byId.get(id);
    }

    public Alias get(String host, int family) {
        return byName.get(name(host, family));
    }

    public Collection<Alias> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /**
     * Takes a successful resolution: returns the address now current (unchanged when the name still resolves to
     * it), or null when the policy refused every address (then {@link Alias#lastError()} says why).
     */
    public String resolved(Alias a, List<String> addresses, Instant at) {
        List<String> allowed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String text : addresses) {
            InetAddress ip;
            try {
                ip = Addresses.parse(text);
            } catch (IllegalArgumentException e) {
                refused.add(text + " (not an IP address)");
                continue;
            }
            if (Addresses.family(ip) != a.family()) {
                refused.add(text + " (not IPv" + a.family() + ")");
                continue;
            }
            String why = Addresses.whyNotPublic(ip);
            if (why != null && !a.allowPrivate) {
                refused.add(Addresses.canonical(ip) + " (" + why + ")");
                continue;
            }
            allowed.add(Addresses.canonical(ip));
        }
        a.lastResolved = at;
        changes.changed(a.id());
        if (allowed.isEmpty()) {
            a.lastError = refused.isEmpty() ? "resolved to no address"
                    : "resolves only to refused addresses: " + String.join(", ", refused);
            return null;
        }
        a.lastError = null;
        for (String ip : allowed) {
            a.seen(ip, at);
        }
        if (a.current == null || !allowed.contains(a.current)) {
            a.current = allowed.get(0);
        }
        return a.current;
    }

    /** Takes a failed resolution: the last address stays; the error is reported. */
    public void failed(Alias a, String error, Instant at) {
        a.lastResolved = at;
        a.lastError = error;
        changes.changed(a.id());
    }

    /** Copies of the aliases changed since the last call, and the ids deleted; for the flush. */
    public ChangeSet.Taken<Alias> takeChanges() {
        return changes.take();
    }

    public void giveBack(ChangeSet.Taken<Alias> taken) {
        changes.giveBack(taken);
    }

    /** The ids changed and deleted since readers were last told. */
    public ChangeSet.Touched takeTouched() {
        return changes.takeTouched();
    }

    /** Every id, in no order. */
    public List<Long> ids() {
        return new ArrayList<>(byId.keySet());
    }

    public void noteLastId(long id) {
        lastId = Math.max(lastId, id);
    }

    public long lastId() {
        return lastId;
    }
}
