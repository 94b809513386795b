package dogdorm.dealer.imports;

import java.util.List;

/** What applying one list file (or keepalive config) did: counts of rows, and the rows refused as duplicates. */
public record Applied(String file, int added, int updated, int removed, int unchanged,
                     List<CsvList.Problem> duplicates) {
    public static Applied of(RowReconcile.Plan p) {
        return new Applied(p.file(), p.added(), p.updated(), p.removed(), p.unchanged(), p.duplicates());
    }
}
