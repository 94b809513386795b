package dogdorm.dealer.view;

import dogdorm.dealer.core.TargetChange;
import dogdorm.dealer.imports.CsvImport;
import dogdorm.dealer.imports.CsvList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an upload of a CSV did, line by line, as a list file's lines are reported: each row added, updated (a target
 * added in the UI before, with other settings now), unchanged, or skipped with the reason (a bad line, a duplicate,
 * a key another source has); a line imported with a warning says it beside its result. Comments and blank lines are
 * not reported.
 */
public record ImportReport(int added, int updated, int unchanged, int skipped, List<Line> lines) {

    /** One line: its number, the list it was read as, what became of it, the target's id, and why. */
    public record Line(int line, String list, String result, Long id, String reason) {}

    /** Joins the rows' outcomes ({@code changes}, one per row, in order) with the lines the parse refused. */
    public static ImportReport of(CsvImport.Parsed parsed, List<TargetChange> changes) {
        Map<Integer, String> warnings = new HashMap<>();
        List<Line> lines = new ArrayList<>();
        int skipped = 0;
        for (CsvList.Problem p : parsed.problems()) {
            if (p.imported()) {
                warnings.put(p.line(), p.reason());
            } else {
                lines.add(new Line(p.line(), p.file().isEmpty() ? null : p.file(), "skipped", null, p.reason()));
                skipped++;
            }
        }
        int added = 0, updated = 0, unchanged = 0;
        for (int i = 0; i < parsed.rows().size(); i++) {
            CsvImport.Row r = parsed.rows().get(i);
            TargetChange c = changes.get(i);
            String result = switch (c.outcome()) {
                case ADDED -> "added";
                case UPDATED -> "updated";
                case UNCHANGED -> "unchanged";
                default -> "skipped";
            };
            switch (result) {
                case "added" -> added++;
                case "updated" -> updated++;
                case "unchanged" -> unchanged++;
                default -> skipped++;
            }
            String reason = c.done() ? warnings.get(r.line()) : c.reason();
            lines.add(new Line(r.line(), r.list(), result, c.id(), reason));
        }
        lines.sort(Comparator.comparingInt(Line::line));
        return new ImportReport(added, updated, unchanged, skipped, lines);
    }

    /** "3 added, 1 unchanged, 2 skipped". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add(added + " added");
        if (updated > 0) parts.add(updated + " updated");
        parts.add(unchanged + " unchanged");
        parts.add(skipped + " skipped");
        return String.join(", ", parts);
    }
}
