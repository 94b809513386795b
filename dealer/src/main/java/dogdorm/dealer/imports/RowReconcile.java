package dogdorm.dealer.imports;

import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one list file's new rows mean, decided from what is known and changing nothing: the targets and candidates
 * to add, to update and to remove, and the rows refused as duplicates. The state core applies the plan. Rows of
 * most kinds are targets at once; rows of STUN, TURN, MQTT and NTP are candidates (validated by a worker first),
 * except the rows added in the UI ({@link Source#UI}, applied as one more file), which are checked as given. A
 * row listed in two files is imported once; a row removed from its file removes what it made, unless another file
 * still lists it. A row's own settings (credentials, interval, timeout, options) follow an edit; what the dealer
 * learned itself (an address resolved for a row that gives only a host name) stays.
 */
public final class RowReconcile {
    private RowReconcile() {}

    /** What is known now: read only. */
    public interface Known {
        Target target(TargetKey key);

        Target target(long id);

        Candidate candidate(TargetKey key);

        Candidate candidate(long id);

        /** What a table and a candidate set hold, read live. */
        static Known of(TargetTable table, Candidates candidates) {
            return new Known() {
                @Override
                public Target target(TargetKey key) {
                    return table.get(key);
                }

                @Override
                public Target target(long id) {
                    return table.get(id);
                }

                @Override
                public Candidate candidate(TargetKey key) {
                    return candidates.get(key);
                }

                @Override
                public Candidate candidate(long id) {
                    return candidates.get(id);
                }
            };
        }
    }

    /** A row's new spec for an existing target or candidate. */
    public record Update(long id, TargetSpec spec) {}

    /**
     * A candidate's row edited: its new spec, whether it deserves new tries (it was not validated yet), and the
     * edits its services follow with (credentials and the row's own settings).
     */
    public record CandidateEdit(long id, TargetSpec spec, boolean retry, List<Update> services) {}

    /** What applying a file does; {@code targetRows} and {@code candidateRows} are the file's rows from now on. */
    public record Plan(String file, Map<TargetKey, TargetSpec> targetRows, Map<TargetKey, TargetSpec> candidateRows,
                       List<TargetSpec> addTargets, List<Update> updateTargets, List<Long> removeTargets,
                       List<TargetSpec> addCandidates, List<CandidateEdit> editCandidates,
                       List<Long> removeCandidates, int added, int updated, int removed, int unchanged,
                       List<CsvList.Problem> duplicates) {}

    /** The plan for a file that now holds {@code rows} (none: the file is gone). */
    public static Plan plan(String file, List<TargetSpec> rows, ListRows before, Known known) {
        Map<TargetKey, TargetSpec> freshTargets = new LinkedHashMap<>();
        Map<TargetKey, TargetSpec> freshCandidates = new LinkedHashMap<>();
        for (TargetSpec s : rows) {
            if (s.kind().imported() && !Source.UI.equals(file)) { // a target added in the UI is checked as given
                freshCandidates.putIfAbsent(Candidates.key(s), s);
            } else {
                freshTargets.putIfAbsent(TargetKey.of(s), s);
            }
        }
        Builder b = new Builder(file);
        for (Map.Entry<TargetKey, TargetSpec> e : freshTargets.entrySet()) {
            targetRow(file, e.getKey(), e.getValue(), before, known, b);
        }
        for (Map.Entry<TargetKey, TargetSpec> e : freshCandidates.entrySet()) {
            candidateRow(file, e.getKey(), e.getValue(), before, known, b);
        }
        for (TargetKey key : before.targetRows(file).keySet()) {
            if (!freshTargets.containsKey(key)) {
                forgetTargetRow(file, key, before, known, b);
            }
        }
        for (TargetKey key : before.candidateRows(file).keySet()) {
            if (!freshCandidates.containsKey(key)) {
                forgetCandidateRow(file, key, before, known, b);
            }
        }
        return b.build(freshTargets, freshCandidates);
    }

    /**
     * After the first read of a kind of source (list files, keepalive configs): the targets and candidates stored
     * from sources that are gone ({@code gone} says which), unless a source read since lists them.
     */
    public static Plan unlisted(Predicate<String> gone, Iterable<Target> targets, Iterable<Candidate> candidates,
                                ListRows rows) {
        Builder b = new Builder(null);
        for (Target t : targets) {
            String f = t.spec().sourceFile();
            if (t.spec().candidate() == null && f != null && gone.test(f)
                    && !rows.targetRows(f).containsKey(TargetKey.of(t.spec()))) {
                b.removeTargets.add(t.id());
                b.removed++;
            }
        }
        for (Candidate c : candidates) {
            String f = c.spec().sourceFile();
            if (f != null && gone.test(f) && !rows.candidateRows(f).containsKey(Candidates.key(c.spec()))) {
                b.removeCandidates.add(c.id());
                b.removed++;
            }
        }
        return b.build(Map.of(), Map.of());
    }

    private static void targetRow(String file, TargetKey key, TargetSpec spec, ListRows before, Known known,
                                  Builder b) {
        Target t = known.target(key);
        if (t == null) {
            b.addTargets.add(spec);
            b.added++;
            return;
        }
        if (t.spec().candidate() != null || before.targetListedElsewhere(t.spec().sourceFile(), file, key)) {
            b.duplicates.add(new CsvList.Problem(file, lineOf(spec), already(t.spec().source())));
            return;
        }
        TargetSpec merged = mergeListed(t.spec(), spec);
        if (merged.equals(t.spec())) {
            b.unchanged++;
            return;
        }
        b.updateTargets.add(new Update(t.id(), merged));
        if (merged.equals(t.spec().withSource(merged.source()))) {
            b.unchanged++; // only the line moved
        } else {
            b.updated++;
        }
    }

    private static void candidateRow(String file, TargetKey key, TargetSpec spec, ListRows before, Known known,
                                     Builder b) {
        Candidate c = known.candidate(key);
        if (c == null) {
            b.addCandidates.add(spec);
            b.added++;
            return;
        }
        if (before.candidateListedElsewhere(c.spec().sourceFile(), file, key)) {
            b.duplicates.add(new CsvList.Problem(file, lineOf(spec), already(c.spec().source())));
            return;
        }
        TargetSpec merged = mergeListed(c.spec(), spec);
        if (merged.equals(c.spec())) {
            b.unchanged++;
            return;
        }
        boolean onlySource = merged.equals(c.spec().withSource(merged.source()));
        List<Update> services = new ArrayList<>();
        for (Long id : c.services()) {
            Target t = known.target(id);
            if (t != null) {
                TargetSpec s = t.spec();
                // the row's credentials and own settings follow an edit; what validation found stays
                services.add(new Update(t.id(), new TargetSpec(s.kind(), s.family(), s.transport(), s.host(), s.ip(),
                        s.port(), merged.user(), merged.password(), s.group(), merged.source(), merged.interval(),
                        merged.timeoutMs(), merged.options(), s.candidate(), merged.vantage(), merged.tags())));
            }
        }
        // an edited row deserves new tries
        b.editCandidates.add(new CandidateEdit(c.id(), merged, !onlySource && c.state() != Candidate.State.VALIDATED,
                services));
        if (onlySource) {
            b.unchanged++;
        } else {
            b.updated++;
        }
    }

    private static void forgetTargetRow(String file, TargetKey key, ListRows before, Known known, Builder b) {
        Target t = known.target(key);
        if (t == null || t.spec().candidate() != null || !file.equals(t.spec().sourceFile())) {
            return;
        }
        TargetSpec elsewhere = before.targetRowElsewhere(file, key);
        if (elsewhere != null) {
            b.updateTargets.add(new Update(t.id(), mergeListed(t.spec(), elsewhere)));
            return;
        }
        b.removeTargets.add(t.id());
        b.removed++;
    }

    private static void forgetCandidateRow(String file, TargetKey key, ListRows before, Known known, Builder b) {
        Candidate c = known.candidate(key);
        if (c == null || !file.equals(c.spec().sourceFile())) {
            return;
        }
        TargetSpec elsewhere = before.candidateRowElsewhere(file, key);
        if (elsewhere != null) {
            b.editCandidates.add(new CandidateEdit(c.id(), mergeListed(c.spec(), elsewhere), false, List.of()));
            return;
        }
        b.removeCandidates.add(c.id());
        b.removed++;
    }

    /** The listed spec, keeping what the dealer learned itself (a resolved ip when the row gives only a host). */
    static TargetSpec mergeListed(TargetSpec current, TargetSpec listed) {
        if (listed.ip() == null && current.ip() != null && listed.host() != null) {
            return listed.withIp(current.ip());
        }
        return listed;
    }

    /** Why a row is a duplicate: where the row that has its key came from. */
    static String already(Source owner) {
        return owner != null && owner.isUi() ? "already added in the UI" : "already listed in " + owner;
    }

    static int lineOf(TargetSpec s) {
        return s.source() == null ? 0 : s.source().line();
    }

    /** Collects a plan. */
    private static final class Builder {
        final String file;
        final List<TargetSpec> addTargets = new ArrayList<>();
        final List<Update> updateTargets = new ArrayList<>();
        final List<Long> removeTargets = new ArrayList<>();
        final List<TargetSpec> addCandidates = new ArrayList<>();
        final List<CandidateEdit> editCandidates = new ArrayList<>();
        final List<Long> removeCandidates = new ArrayList<>();
        final List<CsvList.Problem> duplicates = new ArrayList<>();
        int added;
        int updated;
        int removed;
        int unchanged;

        Builder(String file) {
            this.file = file;
        }

        Plan build(Map<TargetKey, TargetSpec> targetRows, Map<TargetKey, TargetSpec> candidateRows) {
            Objects.requireNonNull(targetRows);
            return new Plan(file, targetRows, candidateRows, addTargets, updateTargets, removeTargets, addCandidates,
                    editCandidates, removeCandidates, added, updated, removed, unchanged, duplicates);
        }
    }
}
