package dogdorm.dealer.view;

import dogdorm.common.Addresses;
import dogdorm.common.Durations;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.imports.CsvImport;
import dogdorm.dealer.imports.CsvList;
import dogdorm.dealer.imports.ListFile;
import dogdorm.dealer.imports.TargetInput;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.TargetSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every target as CSV (the columns of a list file, one section per list file) or as JSON (the fields the API takes,
 * with its id, source and state). Passwords follow {@code /legacy}'s rule: a TURN target's with
 * {@code --publish-credentials}, no other ever; a row that had one is exported without it (and the CSV says how
 * many). A group of targets checked together (an RFC 3489 group of four) is one row, its first member: the row its
 * list held. Targets only; list rows still waiting for their validation are in their files.
 */
public final class TargetsExport {
    private TargetsExport() {}

    /** One target as the API describes it: what a create or update body takes, and its id, source and state. */
    public record Entry(long id, Kind kind, int family, Transport transport, String ip, int port, String host,
                        String user, String password, boolean hasPassword, String interval, String timeout,
                        Integer vantage, List<String> tags, Map<String, String> options, String source,
                        State state, Instant pausedAt) {}

    public static Entry entry(Feed.TargetState t, boolean publishCredentials) {
        TargetSpec s = t.spec();
        return new Entry(t.id(), s.kind(), s.family(), s.transport(), s.ip(), s.port(), s.host(), s.user(),
                shares(s, publishCredentials) ? s.password() : null, s.password() != null,
                s.interval() == null ? null : Durations.format(s.interval()),
                s.timeoutMs() == null ? null : Durations.format(Duration.ofMillis(s.timeoutMs())), s.vantage(),
                s.tags(), s.options(), s.sourceText(), t.stats().shown(), t.stats().pausedAt);
    }

    /** Whether an export may carry this target's password: a TURN one's, with --publish-credentials. */
    static boolean shares(TargetSpec s, boolean publishCredentials) {
        return publishCredentials && s.kind() == Kind.TURN;
    }

    /** {@code {"exported_at", "count", "targets": [...]}}. */
    public static Map<String, Object> json(List<Feed.TargetState> all, boolean publishCredentials, Instant now) {
        List<Entry> out = new ArrayList<>();
        for (Feed.TargetState t : rows(all)) {
            out.add(entry(t, publishCredentials));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exported_at", now);
        m.put("count", out.size());
        m.put("targets", out);
        return m;
    }

    /**
     * Every target, one section per list file, each headed by {@code # list=<file>} (what the import reads); or,
     * with {@code only}, the rows of that list file's kind, family and transport alone, ready to be saved under
     * that name in the lists folder (its first line {@code # allow-private} when a row's address is not public).
     */
    public static String csv(List<Feed.TargetState> all, boolean publishCredentials, Instant now, ListFile only) {
        Map<String, List<TargetSpec>> sections = new TreeMap<>();
        int withheld = 0;
        for (Feed.TargetState t : rows(all)) {
            TargetSpec s = t.spec();
            String file = TargetInput.fileName(s.kind(), s.transport(), s.family());
            if (only != null && !(s.kind() == only.kind() && s.transport() == only.transport()
                    && s.family() == only.family())) {
                continue;
            }
            sections.computeIfAbsent(file, f -> new ArrayList<>()).add(s);
            if (s.password() != null && !shares(s, publishCredentials)) {
                withheld++;
            }
        }
        StringBuilder b = new StringBuilder();
        int count = sections.values().stream().mapToInt(List::size).sum();
        if (only != null && sections.values().stream().flatMap(List::stream).anyMatch(TargetsExport::notPublic)) {
            b.append("# allow-private\n");
        }
        b.append("# Dogdorm targets exported at ").append(now).append(": ").append(count).append(count == 1
                ? " row" : " rows").append(only != null ? "" : ", one section per list file")
                .append(". POST this to /api/targets/import to add them as targets added in the UI").append(only != null
                ? " (?list=" + only.name() + "), or save it in the lists folder as " + only.name() + ".\n"
                : ", or save each section in the lists folder as the file its list= line names.\n");
        if (withheld > 0) {
            b.append("# ").append(withheld).append(withheld == 1 ? " row's password is" : " rows' passwords are")
                    .append(" left out: only TURN passwords are exported, and only with --publish-credentials.\n");
        }
        for (Map.Entry<String, List<TargetSpec>> e : sections.entrySet()) {
            if (only == null) {
                b.append(CsvImport.sectionLine(e.getKey())).append('\n');
            }
            for (TargetSpec s : e.getValue()) {
                b.append(CsvList.line(s, shares(s, publishCredentials))).append('\n');
            }
        }
        return b.toString();
    }

    /** The targets to export, by id: of a named group only its first member. */
    private static List<Feed.TargetState> rows(List<Feed.TargetState> all) {
        Set<String> groups = new HashSet<>();
        List<Feed.TargetState> out = new ArrayList<>();
        for (Feed.TargetState t : all) {
            if (t.spec().group() == null || groups.add(t.spec().group())) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean notPublic(TargetSpec s) {
        return s.ip() != null && Addresses.whyNotPublic(Addresses.parse(s.ip())) != null;
    }
}
