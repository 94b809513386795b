package dogdorm.dealer.imports;

import dogdorm.dealer.table.TargetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSV uploaded to be added as targets in the UI: the rows of one list file (whose name, given with the upload,
 * says their kind, family and transport), or an export of several, each section headed by a comment line
 * {@code # list=<file name>} that says it for the rows under it. Each section is read as a list file of that name
 * is ({@link CsvList}: the same checks, reasons, duplicates and {@code # vantage=} line), with the lines numbered as
 * in the upload; a row with no list name above it (and none given) is skipped with the reason. The UI's rows may
 * use private addresses ({@link TargetInput#ALLOW_PRIVATE}).
 */
public final class CsvImport {
    private static final Pattern SECTION = Pattern.compile("#\\s*list\\s*=\\s*(.*)", Pattern.CASE_INSENSITIVE);

    private CsvImport() {}

    /** A good row: its line in the upload, the list it was read as, and the target it describes. */
    public record Row(int line, String list, TargetSpec spec) {}

    /** The good rows in upload order, and the lines skipped or imported with a warning, by line. */
    public record Parsed(List<Row> rows, List<CsvList.Problem> problems) {}

    /** The section marker a line is, as a list file name, or null when it is not one. */
    static String section(String line) {
        Matcher m = SECTION.matcher(line.strip());
        return m.matches() ? m.group(1).strip() : null;
    }

    /** The line that heads a section of rows of the list file {@code name}. */
    public static String sectionLine(String name) {
        return "# list=" + name;
    }

    /**
     * Reads an upload. {@code listName}: the list file whose rows come before the first {@code # list=} line (an
     * upload of one list file), or null.
     */
    public static Parsed parse(String content, String listName) {
        String[] lines = content.split("\\R", -1);
        if (lines[0].startsWith("\uFEFF")) {
            lines[0] = lines[0].substring(1);
        }
        List<Row> rows = new ArrayList<>();
        List<CsvList.Problem> problems = new ArrayList<>();
        String[] kept = new String[lines.length];
        String current = listName;
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            String name = i < lines.length ? section(lines[i]) : "";
            if (name == null) {
                continue;
            }
            read(current, lines, start, i, kept, rows, problems);
            if (i < lines.length && ListFile.of(name) == null) {
                problems.add(new CsvList.Problem(name, i + 1, "'" + name + "' is not a list file name: "
                        + ListFile.whyNot(name) + "; the rows under it are skipped"));
            }
            current = name;
            start = i;
        }
        rows.sort(Comparator.comparingInt(Row::line));
        problems.sort(Comparator.comparingInt(CsvList.Problem::line));
        return new Parsed(rows, problems);
    }

    /** Reads lines [from, to) as the rows of the list file {@code name} (null: not known). */
    private static void read(String name, String[] lines, int from, int to, String[] kept, List<Row> rows,
                             List<CsvList.Problem> problems) {
        ListFile list = name == null ? null : ListFile.of(name);
        if (list == null) {
            for (int i = from; i < to; i++) {
                String l = lines[i].strip();
                if (!l.isEmpty() && !l.startsWith("#") && name == null) {
                    problems.add(new CsvList.Problem("", i + 1, "no '# list=<file name>' line above this row says "
                            + "its kind and family (e.g. # list=tcp_v4.csv), and no list name came with the upload"));
                }
            }
            return;
        }
        // the section alone, every other line blank, so CsvList numbers the lines as the upload does
        Arrays.fill(kept, "");
        System.arraycopy(lines, from, kept, from, to - from);
        CsvList.Parsed parsed = CsvList.parse(list, String.join("\n", kept), TargetInput.ALLOW_PRIVATE);
        for (TargetSpec s : parsed.targets()) {
            rows.add(new Row(s.source().line(), list.name(), s));
        }
        problems.addAll(parsed.problems());
    }

    /**
     * A list name as given with an upload (a form field, a query parameter, an uploaded file's name, which a browser
     * may send with its folders); null when blank.
     */
    public static String listName(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String n = given.strip();
        return n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
    }
}
