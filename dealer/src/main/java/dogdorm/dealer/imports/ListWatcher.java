package dogdorm.dealer.imports;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the table in step with the CSV files in the lists folder. Scanned every couple of seconds (polling works
 * on every file system, unlike inotify on network mounts). A new or changed file is applied once it has kept the
 * same size and modification time for one scan, so a half-written file is never imported; a removed file's
 * targets are removed. The problems found in each file are kept for the pages.
 */
public final class ListWatcher {
    private static final Logger log = LoggerFactory.getLogger(ListWatcher.class);
    private static final long MAX_FILE = 64L * 1024 * 1024;

    /** What the last import of one file found. */
    public record FileReport(String file, int targets, List<CsvList.Problem> problems, String error,
                             Applied applied) {}

    private final Path dir;
    private final ListSink dealer;
    private final boolean allowPrivate;
    private final SettledFiles<String> files = new SettledFiles<>();
    private final Set<String> warnedNames = new HashSet<>();
    private volatile Map<String, FileReport> reports = Map.of();
    private boolean first = true;

    public ListWatcher(Path dir, ListSink dealer, boolean allowPrivate) {
        this.dir = dir;
        this.dealer = dealer;
        this.allowPrivate = allowPrivate;
    }

    /** One pass over the folder. Safe to call from one thread at a time. */
    public synchronized void scan() {
        Map<String, SettledFiles.Stat> now = new TreeMap<>();
        Map<String, FileReport> ignored = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path p : files) {
                    String name = p.getFileName().toString();
                    if (ListFile.of(name) == null) {
                        if (ListFile.looksLikeList(name) && Files.isRegularFile(p)) {
                            String why = "not imported, not a list file: " + ListFile.whyNot(name);
                            if (warnedNames.add(name)) {
                                log.warn("{}: {}", name, why);
                            }
                            ignored.put(name, new FileReport(name, 0, List.of(), why, null));
                        }
                        continue;
                    }
                    SettledFiles.Stat stat = SettledFiles.Stat.of(p);
                    if (stat != null) {
                        now.put(name, stat);
                    }
                }
            } catch (IOException e) {
                log.warn("cannot read the lists folder {}: {}", dir, e.getMessage());
                return;
            }
        } else if (first) {
            log.warn("lists folder {} does not exist: no server lists imported", dir);
        }
        Map<String, FileReport> next = new TreeMap<>(reports);
        next.values().removeIf(r -> r.applied() == null && ListFile.of(r.file()) == null); // ignored names: anew
        next.putAll(ignored);
        warnedNames.retainAll(ignored.keySet());
        // a changed file must look the same on two scans in a row (the first scan at start-up excepted)
        SettledFiles.Scan<String> scan = files.scan(now, first);
        for (String name : scan.ready()) {
            next.put(name, importFile(name));
        }
        for (String gone : scan.gone()) {
            next.remove(gone);
            int removed = dealer.dropList(gone);
            log.info("{}: file removed, {} target(s) removed", gone, removed);
        }
        if (first) {
            Set<String> present = now.keySet();
            int removed = dealer.dropUnlisted(f -> f.endsWith(".csv") && !present.contains(f));
            if (removed > 0) {
                log.info("{} stored target(s) removed: their list files are gone", removed);
            }
            first = false;
        }
        reports = next;
    }

    private FileReport importFile(String name) {
        ListFile list = ListFile.of(name);
        Path p = dir.resolve(name);
        Decoded content;
        try {
            if (Files.size(p) > MAX_FILE) {
                String why = "larger than " + MAX_FILE / (1024 * 1024) + " MB: not imported";
                log.warn("{}: {}", name, why);
                return new FileReport(name, 0, List.of(), why, null);
            }
            content = decode(name, Files.readAllBytes(p));
        } catch (IOException e) {
            log.warn("{}: cannot read: {}", name, e.getMessage());
            return new FileReport(name, 0, List.of(), "cannot read: " + e.getMessage(), null);
        }
        CsvList.Parsed parsed = CsvList.parse(list, content.text(), allowPrivate);
        Applied result = dealer.applyList(name, parsed.targets(), parsed.allowPrivate());
        List<CsvList.Problem> problems = new ArrayList<>(content.problems());
        problems.addAll(parsed.problems());
        problems.sort(Comparator.comparingInt(CsvList.Problem::line));
        problems.addAll(result.duplicates());
        int skipped = 0;
        for (CsvList.Problem pr : problems) {
            log.warn("{}: {}: {}", pr.file() + ":" + pr.line(), pr.imported() ? "imported" : "line skipped",
                    pr.reason());
            skipped += pr.imported() ? 0 : 1;
        }
        log.info("{}: {} rows: {} added, {} updated, {} removed, {} unchanged, {} skipped", name,
                parsed.targets().size(), result.added(), result.updated(), result.removed(), result.unchanged(),
                skipped);
        return new FileReport(name, parsed.targets().size(), List.copyOf(problems), null, result);
    }

    /** A list file's text, and the lines left out of it because they are not UTF-8. */
    record Decoded(String text, List<CsvList.Problem> problems) {}

    /**
     * Decodes {@code bytes} line by line: a line that is not UTF-8 (a Latin-1 byte, say) is left empty in the text,
     * so the other lines keep their numbers and are imported, and is reported skipped naming the byte.
     */
    static Decoded decode(String name, byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder text = new StringBuilder(bytes.length);
        List<CsvList.Problem> problems = new ArrayList<>();
        int start = 0;
        int lineNo = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\n') {
                continue;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, start, i - start);
            CharBuffer out = CharBuffer.allocate(i - start);
            CoderResult r = utf8.reset().decode(in, out, true);
            if (!r.isError()) {
                r = utf8.flush(out);
            }
            if (r.isError()) {
                int at = in.position() - start;
                problems.add(new CsvList.Problem(name, lineNo, String.format(Locale.ROOT,
                        "not UTF-8 text (byte 0x%02X at byte %d of the line): save the file as UTF-8",
                        bytes[in.position()] & 0xff, at + 1)));
            } else {
                text.append(out.flip());
            }
            if (i < bytes.length) {
                text.append('\n');
            }
            start = i + 1;
            lineNo++;
        }
        return new Decoded(text.toString(), problems);
    }

    /** What the last scans found wrong: lines skipped, lines imported with a warning, files not imported. */
    public record Problems(List<CsvList.Problem> skipped, List<CsvList.Problem> warnings, List<String> files) {}

    public Problems problems() {
        List<CsvList.Problem> skipped = new ArrayList<>();
        List<CsvList.Problem> warnings = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (FileReport r : reports.values()) {
            for (CsvList.Problem pr : r.problems()) {
                (pr.imported() ? warnings : skipped).add(pr);
            }
            if (r.error() != null) {
                files.add(r.file() + ": " + r.error());
            }
        }
        return new Problems(skipped, warnings, files);
    }

    /** The last import report of every list file, by file name. */
    public Map<String, FileReport> reports() {
        return reports;
    }

}
