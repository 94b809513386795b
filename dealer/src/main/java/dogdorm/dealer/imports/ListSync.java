package dogdorm.dealer.imports;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.Endpoint;
import dogdorm.common.wire.FoundService;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.Resolution;
import dogdorm.common.wire.Task;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the dealer in step with the server lists, the way the original kept its public server lists current:
 * <ul>
 *   <li>rows of most kinds (tcp, ping, dns, ...) are targets at once;</li>
 *   <li>rows of STUN, TURN, MQTT and NTP are {@link Candidate}s: a worker validates each (STUN: classifies it)
 *       and what it finds becomes services; a candidate is tried at most three times, spread out, then disabled
 *       with the last reason;</li>
 *   <li>every (host name, family) in use is an {@link Alias}, resolved periodically by workers; a new address
 *       reaches the targets using the name under the rules in {@link Aliases}.</li>
 * </ul>
 * A row listed in two files is imported once; a row removed from its file removes what it made, unless another
 * list still has it. Not thread-safe: called under the dealer's lock.
 */
public final class ListSync {
    private static final Logger log = LoggerFactory.getLogger(ListSync.class);

    /** How lists, candidates and aliases are handled. */
    public record Settings(boolean allowPrivate, Duration spread, Duration importRetry, Duration aliasInterval,
                           Duration aliasDowntime) {}

    /** What applying one list file did. */
    public record Applied(String file, int added, int updated, int removed, int unchanged,
                          List<CsvList.Problem> duplicates) {}

    private final Book book;
    private final Settings settings;
    private final Candidates candidates = new Candidates();
    private final Aliases aliases;
    /** Each file's current rows, by key: rows that are targets, and rows that are candidates. */
    private final Map<String, Map<TargetKey, TargetSpec>> targetRows = new LinkedHashMap<>();
    private final Map<String, Map<TargetKey, TargetSpec>> candidateRows = new LinkedHashMap<>();
    /** Files that begin with "# allow-private". */
    private final Set<String> privateFiles = new HashSet<>();
    /** Who uses each alias: target ids and candidate ids. */
    private final Map<Long, Set<Long>> aliasTargets = new HashMap<>();
    private final Map<Long, Set<Long>> aliasCandidates = new HashMap<>();

    public ListSync(Book book, Settings settings) {
        this.book = book;
        this.settings = settings;
        this.aliases = new Aliases(settings.aliasDowntime());
    }

    public Candidates candidates() {
        return candidates;
    }

    public Aliases aliases() {
        return aliases;
    }

    // ---- start-up ------------------------------------------------------------------------------------------

    /** Restores stored candidates and aliases; pending candidates and every alias are scheduled. */
    public void restore(List<Candidate> stored, List<Alias> storedAliases, long lastCandidateId, long lastAliasId) {
        for (Candidate c : stored) {
            candidates.load(c);
            if (c.state() == Candidate.State.PENDING) {
                scheduleImport(c, book.now() + book.jitter(Math.max(1, settings.spread().toMillis())));
            }
        }
        candidates.noteLastId(lastCandidateId);
        for (Alias a : storedAliases) {
            aliases.load(a);
        }
        aliases.noteLastId(lastAliasId);
        syncAliases();
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    /** Makes targets and candidates match one list file's rows. */
    public Applied apply(String file, List<TargetSpec> rows, boolean filePrivate) {
        if (filePrivate) {
            privateFiles.add(file);
        } else {
            privateFiles.remove(file);
        }
        Map<TargetKey, TargetSpec> freshTargets = new LinkedHashMap<>();
        Map<TargetKey, TargetSpec> freshCandidates = new LinkedHashMap<>();
        for (TargetSpec s : rows) {
            if (s.kind().imported()) {
                freshCandidates.putIfAbsent(Candidates.key(s), s);
            } else {
                freshTargets.putIfAbsent(TargetKey.of(s), s);
            }
        }
        Map<TargetKey, TargetSpec> oldTargets = targetRows.put(file, freshTargets);
        Map<TargetKey, TargetSpec> oldCandidates = candidateRows.put(file, freshCandidates);
        Counts n = new Counts();
        List<CsvList.Problem> duplicates = new ArrayList<>();
        for (Map.Entry<TargetKey, TargetSpec> e : freshTargets.entrySet()) {
            applyTargetRow(file, e.getKey(), e.getValue(), n, duplicates);
        }
        for (Map.Entry<TargetKey, TargetSpec> e : freshCandidates.entrySet()) {
            applyCandidateRow(file, e.getKey(), e.getValue(), n, duplicates);
        }
        if (oldTargets != null) {
            for (TargetKey key : oldTargets.keySet()) {
                if (!freshTargets.containsKey(key) && forgetTargetRow(file, key)) n.removed++;
            }
        }
        if (oldCandidates != null) {
            for (TargetKey key : oldCandidates.keySet()) {
                if (!freshCandidates.containsKey(key) && forgetCandidateRow(file, key)) n.removed++;
            }
        }
        syncAliases();
        return new Applied(file, n.added, n.updated, n.removed, n.unchanged, duplicates);
    }

    private static final class Counts {
        int added, updated, removed, unchanged;
    }

    private void applyTargetRow(String file, TargetKey key, TargetSpec spec, Counts n,
                                List<CsvList.Problem> duplicates) {
        Target t = book.table().get(key);
        if (t == null) {
            book.add(spec);
            n.added++;
            return;
        }
        if (t.spec().candidate() != null || listedElsewhere(targetRows, t.spec().sourceFile(), file, key)) {
            duplicates.add(new CsvList.Problem(file, lineOf(spec), "already listed in " + t.spec().source()));
            return;
        }
        TargetSpec merged = mergeListed(t.spec(), spec);
        if (merged.equals(t.spec())) {
            n.unchanged++;
            return;
        }
        boolean onlySource = merged.equals(t.spec().withSource(merged.source()));
        book.update(t, merged);
        if (onlySource) n.unchanged++; else n.updated++;
    }

    private void applyCandidateRow(String file, TargetKey key, TargetSpec spec, Counts n,
                                   List<CsvList.Problem> duplicates) {
        Candidate c = candidates.get(key);
        if (c == null) {
            c = candidates.add(spec);
            scheduleImport(c, book.now() + book.jitter(Math.max(1, settings.spread().toMillis())));
            n.added++;
            return;
        }
        if (listedElsewhere(candidateRows, c.spec().sourceFile(), file, key)) {
            duplicates.add(new CsvList.Problem(file, lineOf(spec), "already listed in " + c.spec().source()));
            return;
        }
        TargetSpec merged = mergeListed(c.spec(), spec);
        if (merged.equals(c.spec())) {
            n.unchanged++;
            return;
        }
        boolean onlySource = merged.equals(c.spec().withSource(merged.source()));
        candidates.update(c, merged);
        for (Long id : c.services()) {
            Target t = book.table().get(id);
            if (t != null) {
                TargetSpec s = t.spec();
                // the row's credentials and own settings follow an edit; what validation found stays
                book.update(t, new TargetSpec(s.kind(), s.family(), s.transport(), s.host(), s.ip(), s.port(),
                        merged.user(), merged.password(), s.group(), merged.source(), merged.interval(),
                        merged.timeoutMs(), merged.options(), s.candidate()));
            }
        }
        if (onlySource) {
            n.unchanged++;
            return;
        }
        n.updated++;
        if (c.state() != Candidate.State.VALIDATED) {
            // an edited row deserves new tries
            c.state = Candidate.State.PENDING;
            c.attempts = 0;
            scheduleImport(c, book.now());
        }
    }

    private static boolean listedElsewhere(Map<String, Map<TargetKey, TargetSpec>> rows, String owner, String file,
                                           TargetKey key) {
        return owner != null && !owner.equals(file) && rows.containsKey(owner) && rows.get(owner).containsKey(key);
    }

    /** A list file disappeared: what its rows made goes, unless another list has the row. */
    public int drop(String file) {
        int removed = apply(file, List.of(), false).removed();
        targetRows.remove(file);
        candidateRows.remove(file);
        return removed;
    }

    /**
     * After the first read of a kind of source (list files, keepalive configs): what the store had from sources
     * that are gone ({@code gone} says which) is removed, unless a source read since lists it.
     */
    public int dropUnlisted(Predicate<String> gone) {
        int removed = 0;
        for (Target t : book.table().list()) {
            String f = t.spec().sourceFile();
            if (t.spec().candidate() == null && f != null && gone.test(f)
                    && !targetRows.getOrDefault(f, Map.of()).containsKey(TargetKey.of(t.spec()))) {
                book.remove(t);
                removed++;
            }
        }
        for (Candidate c : new ArrayList<>(candidates.all())) {
            String f = c.spec().sourceFile();
            if (f != null && gone.test(f)
                    && !candidateRows.getOrDefault(f, Map.of()).containsKey(Candidates.key(c.spec()))) {
                removeCandidate(c);
                removed++;
            }
        }
        syncAliases();
        return removed;
    }

    private boolean forgetTargetRow(String file, TargetKey key) {
        Target t = book.table().get(key);
        if (t == null || t.spec().candidate() != null || !file.equals(t.spec().sourceFile())) {
            return false;
        }
        TargetSpec elsewhere = rowElsewhere(targetRows, file, key);
        if (elsewhere != null) {
            book.update(t, mergeListed(t.spec(), elsewhere));
            return false;
        }
        book.remove(t);
        return true;
    }

    private boolean forgetCandidateRow(String file, TargetKey key) {
        Candidate c = candidates.get(key);
        if (c == null || !file.equals(c.spec().sourceFile())) {
            return false;
        }
        TargetSpec elsewhere = rowElsewhere(candidateRows, file, key);
        if (elsewhere != null) {
            candidates.update(c, mergeListed(c.spec(), elsewhere));
            return false;
        }
        removeCandidate(c);
        return true;
    }

    private static TargetSpec rowElsewhere(Map<String, Map<TargetKey, TargetSpec>> rows, String file, TargetKey key) {
        for (Map.Entry<String, Map<TargetKey, TargetSpec>> other : rows.entrySet()) {
            TargetSpec there = other.getValue().get(key);
            if (there != null && !other.getKey().equals(file)) {
                return there;
            }
        }
        return null;
    }

    private void removeCandidate(Candidate c) {
        book.unschedule(c.unitKey());
        for (Long id : c.services()) {
            Target t = book.table().get(id);
            if (t != null && Objects.equals(t.spec().candidate(), c.id())) {
                book.remove(t);
            }
        }
        candidates.remove(c.id());
    }

    /** The listed spec, keeping what the dealer learned itself (a resolved ip when the row gives only a host). */
    static TargetSpec mergeListed(TargetSpec current, TargetSpec listed) {
        if (listed.ip() == null && current.ip() != null && listed.host() != null) {
            return listed.withIp(current.ip());
        }
        return listed;
    }

    /** The row's line in its list file; 0 when its place is not a line or is unknown. */
    static int lineOf(TargetSpec s) {
        return s.source() == null ? 0 : s.source().line();
    }

    /** Whether the target's list (or --allow-private) lets it use private, loopback and other non-public addresses. */
    private boolean allowsPrivate(TargetSpec s) {
        return settings.allowPrivate() || privateFiles.contains(s.sourceFile());
    }

    /**
     * A job's {@code public_only}: a target known only by its host name, whose list does not allow private
     * addresses. An address in the spec was vetted when the row was read, so it needs no rule (and dealing pays
     * for no look-up).
     */
    public boolean publicOnly(TargetSpec s) {
        return s.ip() == null && !allowsPrivate(s);
    }

    // ---- the tasks workers do for the lists: import (validate a candidate), resolve (an alias) --------------

    /** What a worker needs for one member of a task's unit, or null when the member is gone meanwhile. */
    public JobTarget jobTarget(Task task, long member) {
        return switch (task) {
            case IMPORT -> {
                Candidate c = candidates.get(member);
                yield c == null ? null : jobTarget(c);
            }
            case RESOLVE -> {
                Alias a = aliases.get(member);
                yield a == null ? null : jobTarget(a);
            }
            default -> throw new IllegalArgumentException("not a list task: " + task);
        };
    }

    /** Takes a task's result (a worker fault never gets here); returns why it was refused, or null when taken. */
    public String taken(Task task, long member, ProbeResult r, Instant now) {
        switch (task) {
            case IMPORT -> {
                Candidate c = candidates.get(member);
                if (c == null) {
                    return "candidate " + member + " no longer exists";
                }
                validated(c, r, now);
            }
            case RESOLVE -> {
                Alias a = aliases.get(member);
                if (a == null) {
                    return "alias " + member + " no longer exists";
                }
                resolved(a, r, now);
            }
            default -> throw new IllegalArgumentException("not a list task: " + task);
        }
        return null;
    }

    // ---- candidates ----------------------------------------------------------------------------------------

    private void scheduleImport(Candidate c, long due) {
        TargetSpec s = c.spec();
        book.schedule(c.unitKey(), s.kind(), s.family(), c.id(), settings.importRetry(), Task.IMPORT, due);
        book.retime(c.unitKey(), due);
    }

    /** What a worker needs to validate a candidate. */
    private JobTarget jobTarget(Candidate c) {
        TargetSpec s = c.spec();
        return new JobTarget(c.id(), s.kind(), s.family(), s.kind().defaultTransport(), s.host(), s.ip(), s.port(),
                s.user(), s.password(), s.timeoutMs(), s.options(), publicOnly(s));
    }

    /**
     * Takes a validation result (a worker fault never gets here). Success makes the services the worker found
     * and validates the candidate; failure counts a try, and the third one disables it.
     */
    private void validated(Candidate c, ProbeResult r, Instant now) {
        c.lastTried = now;
        c.attempts++;
        String why = r.error();
        if (r.up()) {
            List<String> problems = new ArrayList<>();
            List<Long> made = makeServices(c, r.detail(), problems);
            if (!made.isEmpty()) {
                c.state = Candidate.State.VALIDATED;
                c.services = List.copyOf(made);
                c.lastError = problems.isEmpty() ? null : String.join("; ", problems);
                candidates.changed(c);
                book.unschedule(c.unitKey());
                for (Long id : made) {
                    usesAlias(book.table().get(id));
                }
                log.info("{} validated into {} service(s)", c, made.size());
                return;
            }
            why = "no usable service: " + (problems.isEmpty() ? "the worker reported none" : String.join("; ",
                    problems));
        }
        c.lastError = why == null ? "failed" : why;
        candidates.changed(c);
        if (c.attempts >= Candidate.MAX_ATTEMPTS) {
            c.state = Candidate.State.DISABLED;
            book.unschedule(c.unitKey());
            log.warn("{} disabled after {} tries: {}", c, c.attempts, c.lastError);
        } else {
            long wait = settings.importRetry().toMillis() << (c.attempts - 1);
            book.retime(c.unitKey(), now.toEpochMilli() + wait);
        }
    }

    /**
     * Turns the {@link ImportFindings} in a worker's detail into targets; returns their ids, and why any was refused.
     * Findings that do not read (a missing key, a value of the wrong type) are refused whole, with the reason.
     */
    private List<Long> makeServices(Candidate c, Map<String, Object> detail, List<String> problems) {
        ImportFindings found;
        try {
            found = ImportFindings.from(detail);
        } catch (IllegalArgumentException e) {
            problems.add("unreadable findings: " + e.getMessage());
            return List.of();
        }
        TargetSpec row = c.spec();
        String address = row.ip();
        if (found.address() != null) {
            String why = checkAddress(found.address(), row);
            if (why == null) {
                address = Addresses.canonical(Addresses.parse(found.address()));
            } else {
                problems.add("address " + why);
                return List.of();
            }
        }
        List<Long> made = new ArrayList<>();
        for (FoundService s : found.services()) {
            if (s.isGroup()) {
                made.addAll(changeGroup(c, s.members(), problems));
                continue;
            }
            if (s.kind() != row.kind()) {
                problems.add("a " + s.kind() + " service from a " + row.kind() + " candidate");
                continue;
            }
            if (address == null && row.host() == null) {
                problems.add("no address");
                continue;
            }
            // without an address the service keeps the host name: workers resolve it, aliases fill it in
            Long id = service(new TargetSpec(s.kind(), row.family(), s.transport(), row.host(), address, row.port(),
                    row.user(), row.password(), null, row.source(), row.interval(), row.timeoutMs(), row.options(),
                    c.id()), c);
            if (id != null) made.add(id);
        }
        return made;
    }

    /** An RFC 3489 group's four targets (its {@link FoundService} has checked the count, ips and ports). */
    private List<Long> changeGroup(Candidate c, List<Endpoint> members, List<String> problems) {
        TargetSpec row = c.spec();
        List<TargetSpec> specs = new ArrayList<>();
        String group = "change:" + c.id();
        for (Endpoint m : members) {
            String ip = m.ip();
            String why = checkAddress(ip, row);
            if (why != null) {
                problems.add("RFC 3489 member " + why);
                return List.of();
            }
            // members are keyed by address: the primary and the alternate share the host name and port
            specs.add(new TargetSpec(Kind.STUN_CHANGE, row.family(), Transport.UDP, null,
                    Addresses.canonical(Addresses.parse(ip)), m.port(), null, null, group, row.source(),
                    row.interval(), row.timeoutMs(), row.options(), c.id()));
        }
        // a group is all or nothing: a member already monitored otherwise would leave a broken group
        for (TargetSpec s : specs) {
            Target existing = book.table().get(TargetKey.of(s));
            if (existing != null && !Objects.equals(existing.spec().candidate(), c.id())) {
                problems.add("RFC 3489 member " + s.ip() + ":" + s.port() + " is already monitored as "
                        + existing.spec().source());
                return List.of();
            }
        }
        List<Long> ids = new ArrayList<>();
        for (TargetSpec s : specs) {
            Long id = service(s, c);
            if (id != null) ids.add(id);
        }
        return ids;
    }

    /** Why an address a worker reported may not be used for this row, or null. */
    private String checkAddress(String text, TargetSpec row) {
        InetAddress ip;
        try {
            ip = Addresses.parse(text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (Addresses.family(ip) != row.family()) {
            return text + " is not IPv" + row.family();
        }
        String why = Addresses.whyNotPublic(ip);
        if (why != null && !allowsPrivate(row)) {
            return Addresses.canonical(ip) + " is " + Addresses.aReason(why) + ", refused by the public-server policy";
        }
        return null;
    }

    /** Adds a service; an existing target with the key is reused only when this candidate made it. */
    private Long service(TargetSpec spec, Candidate c) {
        Target t = book.add(spec);
        if (t != null) {
            return t.id();
        }
        Target existing = book.table().get(TargetKey.of(spec));
        return existing != null && Objects.equals(existing.spec().candidate(), c.id()) ? existing.id() : null;
    }

    // ---- aliases -------------------------------------------------------------------------------------------

    /** Rebuilds the set of names in use and who uses each; schedules new aliases, drops unused ones. */
    private void syncAliases() {
        aliasTargets.clear();
        aliasCandidates.clear();
        // a name may use private addresses when any row using it may
        Map<String, Boolean> privateOk = new HashMap<>();
        for (Target t : book.table().all()) {
            if (t.spec().host() != null) {
                privateOk.merge(Aliases.name(t.spec().host(), t.spec().family()), allowsPrivate(t.spec()),
                        Boolean::logicalOr);
            }
        }
        for (Candidate c : candidates.all()) {
            if (c.spec().host() != null) {
                privateOk.merge(Aliases.name(c.spec().host(), c.spec().family()), allowsPrivate(c.spec()),
                        Boolean::logicalOr);
            }
        }
        for (Target t : book.table().all()) {
            trackAlias(t, privateOk);
        }
        for (Candidate c : candidates.all()) {
            TargetSpec s = c.spec();
            if (s.host() != null) {
                Alias a = track(s.host(), s.family(), privateOk.get(Aliases.name(s.host(), s.family())));
                aliasCandidates.computeIfAbsent(a.id(), k -> new HashSet<>()).add(c.id());
            }
        }
        for (Alias gone : aliases.retain(privateOk.keySet())) {
            book.unschedule(gone.unitKey());
        }
    }

    /**
     * A new service of a validated candidate uses the alias its candidate already tracks: it is counted as a
     * user, and the alias's private-address permission (every row using the name decides it) stays as it is.
     */
    private void usesAlias(Target t) {
        if (t == null || t.spec().host() == null) {
            return;
        }
        Alias a = aliases.get(t.spec().host(), t.spec().family());
        if (a == null) {
            a = track(t.spec().host(), t.spec().family(), allowsPrivate(t.spec()));
        }
        aliasTargets.computeIfAbsent(a.id(), k -> new HashSet<>()).add(t.id());
    }

    private void trackAlias(Target t, Map<String, Boolean> privateOk) {
        if (t.spec().host() == null) {
            return;
        }
        String name = Aliases.name(t.spec().host(), t.spec().family());
        Alias a = track(t.spec().host(), t.spec().family(), privateOk.getOrDefault(name, allowsPrivate(t.spec())));
        aliasTargets.computeIfAbsent(a.id(), k -> new HashSet<>()).add(t.id());
    }

    private Alias track(String host, int family, boolean allowPrivate) {
        Alias existing = aliases.get(host, family);
        Alias a = aliases.track(host, family, allowPrivate);
        if (existing == null) {
            // resolve soon: the first checks of a new row should find an address
            book.schedule(a.unitKey(), Kind.RESOLVE, family, a.id(), settings.aliasInterval(), Task.RESOLVE,
                    book.now() + book.jitter(Math.max(1, Math.min(settings.spread().toMillis(), 10_000))));
        }
        return a;
    }

    /** How many targets and candidates use an alias. */
    public int users(Alias a) {
        return aliasTargets.getOrDefault(a.id(), Set.of()).size()
                + aliasCandidates.getOrDefault(a.id(), Set.of()).size();
    }

    /** What a worker needs to resolve an alias. */
    private JobTarget jobTarget(Alias a) {
        return new JobTarget(a.id(), Kind.RESOLVE, a.family(), Transport.UDP, a.host(), null, 0, null, null, null,
                null);
    }

    /** Takes a resolution: the alias's address may change, and targets using it may follow (see {@link Aliases}). */
    private void resolved(Alias a, ProbeResult r, Instant now) {
        List<String> addresses = null;
        String error = r.error();
        if (r.up()) {
            try {
                addresses = Resolution.from(r.detail()).addresses();
            } catch (IllegalArgumentException e) {
                error = "unreadable resolution: " + e.getMessage();
            }
        }
        if (addresses == null) {
            boolean news = !Objects.equals(a.lastError(), error);
            aliases.failed(a, error, now);
            if (news) {
                log.warn("{} (IPv{}) no longer resolves, keeping {}: {}", a.host(), a.family(), a.current(), error);
            }
            return;
        }
        String before = a.current();
        String chosen = aliases.resolved(a, addresses, now);
        if (chosen == null) {
            log.warn("{} (IPv{}): {}", a.host(), a.family(), a.lastError());
            return;
        }
        if (!chosen.equals(before)) {
            log.info("{} (IPv{}) now resolves to {} (was {})", a.host(), a.family(), chosen, before);
        }
        for (Long id : aliasTargets.getOrDefault(a.id(), Set.of())) {
            Target t = book.table().get(id);
            if (t != null && !chosen.equals(t.spec().ip()) && aliases.shouldMove(t.spec().ip(), t.stats(), now)) {
                log.info("{} follows {} to {}", t, a.host(), chosen);
                book.update(t, t.spec().withIp(chosen));
            }
        }
        for (Long id : aliasCandidates.getOrDefault(a.id(), Set.of())) {
            Candidate c = candidates.get(id);
            if (c != null && c.state() != Candidate.State.VALIDATED && !chosen.equals(c.spec().ip())) {
                candidates.update(c, c.spec().withIp(chosen));
            }
        }
    }
}
