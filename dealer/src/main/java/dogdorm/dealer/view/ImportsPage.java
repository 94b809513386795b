package dogdorm.dealer.view;

import dogdorm.dealer.read.AliasView;
import dogdorm.dealer.read.CandidateView;
import dogdorm.common.Addresses;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.imports.CsvList;
import dogdorm.dealer.imports.ListWatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /imports}: list rows being validated and what became of them, DNS aliases, lines not imported. */
public final class ImportsPage {
    private final ReadModel reads;
    private final Clock clock;
    private final Pages pages;
    private final ListWatcher lists;

    public ImportsPage(ReadModel reads, Clock clock, Pages pages, ListWatcher lists) {
        this.reads = reads;
        this.clock = clock;
        this.pages = pages;
        this.lists = lists;
    }

    public record Row(long id, String kind, int family, String name, String address, String source, String state,
                      String outcome, Format.When lastTried, Format.When next, List<Long> services) {}

    public record AliasRow(String host, int family, String current, String addresses, Format.When lastResolved,
                           String error, int usedBy) {}

    /** One list file as {@code /api/imports} shows it: its rows, or why it was not imported, its lines' problems. */
    public record FileView(String file, int rows, String error, List<CsvList.Problem> problems) {}

    /** {@code /api/imports}: the candidates, the aliases, and every list file (ignored ones with the reason). */
    public record Api(List<CandidateView> candidates, List<AliasView> aliases, List<FileView> files) {}

    public Api api() {
        ReadModel.Imports imports = reads.imports();
        List<FileView> files = new ArrayList<>();
        for (ListWatcher.FileReport r : lists.reports().values()) {
            files.add(new FileView(r.file(), r.targets(), r.error(), r.problems()));
        }
        return new Api(imports.candidates(), imports.aliases(), files);
    }

    public String render() {
        Instant now = clock.instant();
        ReadModel.Imports imports = reads.imports();
        List<Row> rows = new ArrayList<>();
        for (CandidateView c : imports.candidates()) {
            String address = c.ip() == null ? "(resolving)" : Addresses.withPort(c.ip(), c.port());
            rows.add(new Row(c.id(), c.kind().wire(), c.family(), c.host() != null ? c.host() : c.ip(), address,
                    c.source(), c.state().wire(), c.describe(), Format.when(c.lastTried(), now),
                    Format.until(c.nextTry(), now, ""), c.services()));
        }
        List<AliasRow> aliases = new ArrayList<>();
        for (AliasView a : imports.aliases()) {
            StringBuilder past = new StringBuilder();
            for (var s : a.addresses()) {
                if (past.length() > 0) past.append(", ");
                past.append(s.address()).append(" (").append(Format.ago(s.lastSeen(), now)).append(')');
            }
            aliases.add(new AliasRow(a.host(), a.family(), a.current() == null ? "–" : a.current(), past.toString(),
                    Format.when(a.lastResolved(), now), a.lastError(), a.usedBy()));
        }
        ListWatcher.Problems problems = lists.problems();
        Map<String, Object> m = new HashMap<>();
        m.put("rows", rows);
        m.put("aliases", aliases);
        m.put("problems", problems.skipped());
        m.put("warnings", problems.warnings());
        m.put("fileErrors", problems.files());
        m.put("pending", rows.stream().filter(r -> r.state().equals("pending")).count());
        m.put("validated", rows.stream().filter(r -> r.state().equals("validated")).count());
        m.put("disabled", rows.stream().filter(r -> r.state().equals("disabled")).count());
        return pages.render("imports", m);
    }
}
