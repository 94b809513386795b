package dogdorm.dealer.imports;

import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;

/** What the list rules know, held in a real table and candidate set, for tests without a dealer. */
final class Known implements RowReconcile.Known {
    final TargetTable table = new TargetTable();
    final Candidates candidates = new Candidates();

    Target add(TargetSpec s) {
        return table.add(s);
    }

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
}
