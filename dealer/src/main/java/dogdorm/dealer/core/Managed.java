package dogdorm.dealer.core;

import dogdorm.dealer.imports.Applied;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.imports.Candidates;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Targets managed by people: those added in the UI or the API ({@link Source#ui()}), and the pause of any target.
 * The UI's targets are the rows of one more list, applied by the list rules as a file's rows are, so a key belongs
 * to whoever listed it first and a scan of the lists folder never touches them; they are stored as targets and
 * registered again at start. A target from a list file or a keepalive config is refused an edit or a delete (its
 * file stays the source of its row), but may be paused: the pause is the target's (its stats), so it stays while a
 * rescan updates the row, and goes with the target when its row is removed. A group (an RFC 3489 group of four) is
 * paused whole. Used under the core's lock; no I/O.
 */
final class Managed {
    private final TargetTable table;
    private final Lists lists;
    private final Units units;
    /** The rows added in the UI, by key, as last applied. */
    private final Map<TargetKey, TargetSpec> rows = new LinkedHashMap<>();

    Managed(TargetTable table, Lists lists, Units units) {
        this.table = table;
        this.lists = lists;
        this.units = units;
    }

    /** After a load: the stored targets added in the UI are its rows again (applied unchanged). */
    void restore() {
        for (Target t : table.all()) {
            if (t.spec().fromUi() && t.spec().candidate() == null) {
                rows.put(TargetKey.of(t.spec()), t.spec());
            }
        }
        if (!rows.isEmpty()) {
            apply();
        }
    }

    TargetChange create(TargetSpec given) {
        TargetSpec spec = given.withSource(Source.ui());
        TargetKey key = TargetKey.of(spec);
        String taken = taken(spec, null);
        if (taken != null) {
            return TargetChange.refused(holder(key), taken);
        }
        rows.put(key, spec);
        apply();
        return TargetChange.of(TargetChange.Outcome.ADDED, table.get(key).id());
    }

    /** Replaces what a target added in the UI is; a new address or kind keeps its id and history. */
    TargetChange edit(long id, TargetSpec given, long now) {
        Target t = table.get(id);
        if (t == null) {
            return TargetChange.notFound(id);
        }
        if (!t.spec().fromUi()) {
            return TargetChange.refused(id, notOurs(t, "edit"));
        }
        TargetSpec spec = given.withSource(Source.ui());
        TargetKey old = TargetKey.of(t.spec());
        TargetKey key = TargetKey.of(spec);
        boolean moved = !key.equals(old);
        if (moved) {
            String taken = taken(spec, t);
            if (taken != null) {
                return TargetChange.refused(id, taken);
            }
            rows.remove(old);
            lists.rekey(t, spec, now);
        }
        rows.put(key, spec);
        boolean updated = apply().updated() > 0;
        return TargetChange.of(moved || updated ? TargetChange.Outcome.UPDATED : TargetChange.Outcome.UNCHANGED, id);
    }

    /** Removes a target added in the UI (a list file that lists it too gets it, history and all). */
    TargetChange delete(long id) {
        Target t = table.get(id);
        if (t == null) {
            return TargetChange.notFound(id);
        }
        if (!t.spec().fromUi()) {
            return TargetChange.refused(id, notOurs(t, "delete"));
        }
        rows.remove(TargetKey.of(t.spec()));
        apply();
        return TargetChange.of(TargetChange.Outcome.DELETED, id);
    }

    /**
     * Pauses (or resumes) any target, with the rest of its group: a paused one is not dealt; a resumed one is due
     * at once.
     */
    TargetChange pause(long id, boolean paused, Instant now) {
        Target t = table.get(id);
        if (t == null) {
            return TargetChange.notFound(id);
        }
        boolean changed = false;
        for (long member : table.group(t.groupKey())) {
            Stats s = table.get(member).stats();
            if (paused == (s.pausedAt == null)) {
                s.pausedAt = paused ? now : null;
                table.markChanged(member);
                changed = true;
            }
        }
        if (!changed) {
            return TargetChange.of(TargetChange.Outcome.UNCHANGED, id);
        }
        long ms = now.toEpochMilli();
        units.sync(t.groupKey(), ms, ms);
        return TargetChange.of(TargetChange.Outcome.UPDATED, id);
    }

    /**
     * Adds rows as targets added in the UI, each answered alone: added, updated (a row of the UI's with other
     * settings), unchanged, or refused (another source has its key). A row without a password keeps the one its
     * target of the UI has: an export leaves passwords out, and importing it again must not strip them.
     */
    List<TargetChange> importRows(List<TargetSpec> given) {
        List<TargetChange> out = new ArrayList<>(given.size());
        List<TargetKey> added = new ArrayList<>();
        boolean any = false;
        for (TargetSpec g : given) {
            TargetSpec spec = g.withSource(Source.ui());
            TargetKey key = TargetKey.of(spec);
            Target t = table.get(key);
            if (t != null && t.spec().fromUi() && t.spec().candidate() == null) {
                if (spec.password() == null && t.spec().password() != null) {
                    spec = withPassword(spec, t.spec().password()); // an export leaves passwords out
                }
                TargetSpec kept = spec.ip() == null && spec.host() != null ? spec.withIp(t.spec().ip()) : spec;
                boolean same = kept.equals(t.spec());
                rows.put(key, spec);
                any |= !same;
                out.add(TargetChange.of(same ? TargetChange.Outcome.UNCHANGED : TargetChange.Outcome.UPDATED,
                        t.id()));
                continue;
            }
            String taken = taken(spec, null);
            if (taken != null) {
                out.add(TargetChange.refused(holder(key), taken));
                continue;
            }
            if (rows.containsKey(key)) { // an earlier row of this import
                out.add(TargetChange.refused(null, "already added by an earlier line of this import"));
                continue;
            }
            rows.put(key, spec);
            added.add(key);
            out.add(null);
            any = true;
        }
        if (any) {
            apply();
        }
        int next = 0;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                out.set(i, TargetChange.of(TargetChange.Outcome.ADDED, table.get(added.get(next++)).id()));
            }
        }
        return out;
    }

    private static TargetSpec withPassword(TargetSpec s, String password) {
        return new TargetSpec(s.kind(), s.family(), s.transport(), s.host(), s.ip(), s.port(), s.user(), password,
                s.group(), s.source(), s.interval(), s.timeoutMs(), s.options(), s.candidate(), s.vantage(), s.tags());
    }

    private Applied apply() {
        return lists.apply(Source.UI, new ArrayList<>(rows.values()), true);
    }

    /** Why a spec's key may not be added in the UI (another target, or a list row being validated, has it), or null. */
    private String taken(TargetSpec spec, Target self) {
        Target t = table.get(TargetKey.of(spec));
        if (t != null && t != self) {
            return t.spec().fromUi() ? "already added in the UI as target #" + t.id()
                    : "target #" + t.id() + " is " + TargetKey.of(spec) + ", listed in " + t.spec().source()
                    + ": list files stay the source of their own rows";
        }
        if (spec.kind().imported()) {
            Candidate c = lists.candidates().get(Candidates.key(spec));
            if (c != null) {
                return TargetKey.of(spec) + " is listed in " + c.spec().source() + " (a list row validated by a "
                        + "worker first): list files stay the source of their own rows";
            }
        }
        return null;
    }

    private Long holder(TargetKey key) {
        Target t = table.get(key);
        return t == null ? null : t.id();
    }

    private static String notOurs(Target t, String what) {
        return "target #" + t.id() + " comes from " + t.spec().source() + ", not the UI: edit the file to "
                + (what.equals("edit") ? "change" : "remove") + " it (list files stay the source of their own rows; "
                + "pausing it is allowed)";
    }
}
