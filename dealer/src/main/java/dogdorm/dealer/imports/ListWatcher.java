package dogdorm.dealer.imports;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        String content;
        try {
            if (Files.size(p) > MAX_FILE) {
                String why = "larger than " + MAX_FILE / (1024 * 1024) + " MB: not imported";
                log.warn("{}: {}", name, why);
                return new FileReport(name, 0, List.of(), why, null);
            }
            content = decode(Files.readAllBytes(p));
        } catch (CharacterCodingException e) {
            log.warn("{}: not UTF-8 text, not imported", name);
            return new FileReport(name, 0, List.of(), "not UTF-8 text: not imported", null);
        } catch (IOException e) {
            log.warn("{}: cannot read: {}", name, e.getMessage());
            return new FileReport(name, 0, List.of(), "cannot read: " + e.getMessage(), null);
        }
        CsvList.Parsed parsed = CsvList.parse(list, content, allowPrivate);
        Applied result = dealer.applyList(name, parsed.targets(), parsed.allowPrivate());
        List<CsvList.Problem> problems = new ArrayList<>(parsed.problems());
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

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
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
