package dogdorm.dealer.imports;

import dogdorm.dealer.pending.ChangeSet;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidates: list rows waiting to be (or having been) validated, by id and by key (kind, family,
 * host-or-ip, port; the transport does not count: one STUN row is checked over UDP and TCP), with the changes since
 * the last flush. Not thread-safe: the dealer's lock guards it.
 */
public final class Candidates {
    private final Map<Long, Candidate> byId = new HashMap<>();
    private final Map<TargetKey, Candidate> byKey = new HashMap<>();
    private final ChangeSet<Candidate> changes = new ChangeSet<>(byId, Candidate::id, Candidate::copy);
    private long lastId;

    /** The key of a candidate row: its kind's own transport stands for every transport. */
    public static TargetKey key(TargetSpec s) {
        return new TargetKey(s.kind(), s.family(), s.kind().defaultTransport(), s.host() != null ? s.host() : s.ip(),
                s.port());
    }

    public void load(Candidate c) {
        byId.put(c.id(), c);
        byKey.put(key(c.spec()), c);
        lastId = Math.max(lastId, c.id());
    }

    public void noteLastId(long id) {
        lastId = Math.max(lastId, id);
    }

    public long lastId() {
        return lastId;
    }

    /** A new pending candidate, or null when one with the key exists. */
    public Candidate add(TargetSpec spec) {
        if (byKey.containsKey(key(spec))) {
            return null;
        }
        Candidate c = new Candidate(++lastId, spec);
        load(c);
        changes.changed(c.id());
        return c;
    }

    public Candidate get(long id) {
        return byId.get(id);
    }

    public Candidate get(TargetKey key) {
        return byKey.get(key);
    }

    /** Replaces the row (same key). */
    public void update(Candidate c, TargetSpec spec) {
        if (!key(spec).equals(key(c.spec))) {
            throw new IllegalArgumentException("an update may not change the key of " + c);
        }
        c.spec = spec;
        changes.changed(c.id());
    }

    public void changed(Candidate c) {
        changes.changed(c.id());
    }

    /** Records a validation's verdict; {@code services}: the ids of the targets made (validated only). */
    public void settle(Candidate c, CandidateLifecycle.Verdict v, List<Long> services) {
        c.state = v.state();
        c.attempts = v.attempts();
        c.lastError = v.lastError();
        c.lastTried = v.lastTried();
        if (v.validated()) {
            c.services = List.copyOf(services);
        }
        changes.changed(c.id());
    }

    /** An edited row deserves new tries: pending again, none used. */
    public void resetTries(Candidate c) {
        c.state = Candidate.State.PENDING;
        c.attempts = 0;
        changes.changed(c.id());
    }

    public Candidate remove(long id) {
        Candidate c = byId.remove(id);
        if (c != null) {
            byKey.remove(key(c.spec));
            changes.deleted(id);
        }
        return c;
    }

    public Collection<Candidate> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public int size() {
        return byId.size();
    }

    /** Copies of the candidates changed since the last call, and the ids deleted; for the flush. */
    public ChangeSet.Taken<Candidate> takeChanges() {
        return changes.take();
    }

    public void giveBack(ChangeSet.Taken<Candidate> taken) {
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

}
