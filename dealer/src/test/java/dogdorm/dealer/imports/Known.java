package dogdorm.dealer.imports;

import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;

/** What the list rules know, held in a real table and candidate set, for tests without a dealer. */
final class Known {
    final TargetTable table = new TargetTable();
    final Candidates candidates = new Candidates();
    final RowReconcile.Known view = RowReconcile.Known.of(table, candidates);

    Target add(TargetSpec s) {
        return table.add(s);
    }
}
