package dogdorm.dealer.core;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.Resolution;
import dogdorm.common.wire.Task;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.AliasTracking;
import dogdorm.dealer.imports.Aliases;
import dogdorm.dealer.imports.Applied;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.imports.CandidateLifecycle;
import dogdorm.dealer.imports.Candidates;
import dogdorm.dealer.imports.ListRows;
import dogdorm.dealer.imports.RowReconcile;
import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server lists' side of the state core: it asks the list rules ({@link RowReconcile}, {@link
 * CandidateLifecycle}, {@link AliasTracking}) what a list change or a worker's finding means, and applies their
 * answer to the table, the candidates, the aliases and the schedule: imports and resolutions are units of work like
 * checks. Used under the core's lock; it does no I/O.
 */
final class Lists {
    private static final Logger log = LoggerFactory.getLogger(Lists.class);

    /** How lists, candidates and aliases are handled. */
    record Settings(Duration spread, Duration importRetry, Duration aliasInterval, Duration aliasDowntime) {}

    private final Settings settings;
    private final TargetTable table;
    private final Units units;
    private final Scheduler scheduler;
    private final IncidentLog incidents;
    private final CheckLog checks;
    private final Clock clock;
    private final RandomGenerator random;
    private final Runnable workQueued;
    private final ListRows rows;
    private final Candidates candidates = new Candidates();
    private final Aliases aliases = new Aliases();
    /** Who uses each alias, by alias id: target ids and candidate ids. */
    private Map<Long, Set<Long>> aliasTargets = new HashMap<>();
    private Map<Long, Set<Long>> aliasCandidates = new HashMap<>();
    private final RowReconcile.Known known;

    Lists(Settings settings, boolean allowPrivate, TargetTable table, Units units, Scheduler scheduler,
          IncidentLog incidents, CheckLog checks, Clock clock, RandomGenerator random, Runnable workQueued) {
        this.settings = settings;
        this.table = table;
        this.units = units;
        this.scheduler = scheduler;
        this.incidents = incidents;
        this.checks = checks;
        this.clock = clock;
        this.random = random;
        this.workQueued = workQueued;
        this.rows = new ListRows(allowPrivate);
        this.known = RowReconcile.Known.of(table, candidates);
    }

    Candidates candidates() {
        return candidates;
    }

    Aliases aliases() {
        return aliases;
    }

    /** How many targets and candidates use an alias. */
    int users(Alias a) {
        return aliasTargets.getOrDefault(a.id(), Set.of()).size()
                + aliasCandidates.getOrDefault(a.id(), Set.of()).size();
    }

    boolean publicOnly(TargetSpec s) {
        return rows.publicOnly(s);
    }

    // ---- start-up and list changes --------------------------------------------------------------------------

    /** Restores stored candidates and aliases; pending candidates and every alias are scheduled. */
    void restore(List<Candidate> stored, List<Alias> storedAliases, long lastCandidateId, long lastAliasId) {
        for (Candidate c : stored) {
            candidates.load(c);
            if (c.state() == Candidate.State.PENDING) {
                scheduleImport(c, clock.millis() + jitter(settings.spread().toMillis()));
            }
        }
        candidates.noteLastId(lastCandidateId);
        for (Alias a : storedAliases) {
            aliases.load(a);
        }
        aliases.noteLastId(lastAliasId);
        syncAliases();
    }

    Applied apply(String file, List<TargetSpec> fileRows, boolean filePrivate) {
        RowReconcile.Plan plan = RowReconcile.plan(file, fileRows, rows, known);
        rows.put(file, plan, filePrivate);
        carryOut(plan);
        return Applied.of(plan);
    }

    int drop(String file) {
        int removed = apply(file, List.of(), false).removed();
        rows.remove(file);
        return removed;
    }

    int dropUnlisted(Predicate<String> gone) {
        RowReconcile.Plan plan = RowReconcile.unlisted(gone, table.list(), new ArrayList<>(candidates.all()), rows);
        carryOut(plan);
        return plan.removed();
    }

    /**
     * Gives a target a new key (its address or kind edited in the UI), keeping its id and history, and checks it
     * at once (unless paused); a list file that also lists the old key (its row waited as a duplicate) gets a target
     * of its own for it. The caller applies its rows next, which tracks the new host name.
     */
    void rekey(Target t, TargetSpec spec, long now) {
        TargetKey old = TargetKey.of(t.spec());
        scheduler.remove(t.groupKey()); // its kind and family may change: a new unit
        units.removed(t.id());
        table.rekey(t, spec);
        units.sync(t.groupKey(), now, now);
        TargetSpec elsewhere = rows.targetRowElsewhere(t.spec().sourceFile(), old);
        if (elsewhere != null) {
            addTarget(elsewhere, now);
        }
    }

    /** Applies a plan: targets first, then candidates, then the aliases the rows use now. */
    private void carryOut(RowReconcile.Plan p) {
        long now = clock.millis();
        for (TargetSpec s : p.addTargets()) {
            addTarget(s, now);
        }
        for (RowReconcile.Update u : p.updateTargets()) {
            units.update(table.get(u.id()), u.spec(), now);
        }
        boolean changeRowGone = false;
        for (Long id : p.removeTargets()) {
            Target t = table.get(id);
            changeRowGone |= t.spec().kind() == Kind.STUN_CHANGE && t.spec().candidate() == null;
            removeTarget(t, now);
        }
        if (changeRowGone) {
            retryLeftGroups(now);
        }
        for (TargetSpec s : p.addCandidates()) {
            Candidate c = candidates.add(s);
            scheduleImport(c, now + jitter(settings.spread().toMillis()));
        }
        for (RowReconcile.CandidateEdit e : p.editCandidates()) {
            Candidate c = candidates.get(e.id());
            candidates.update(c, e.spec());
            for (RowReconcile.Update u : e.services()) {
                units.update(table.get(u.id()), u.spec(), now);
            }
            if (e.retry()) {
                candidates.resetTries(c);
                scheduleImport(c, now);
            }
        }
        for (Long id : p.removeCandidates()) {
            removeCandidate(candidates.get(id), now);
        }
        syncAliases();
        workQueued.run();
    }

    /**
     * A stun-change row went: the STUN rows whose RFC 3489 group was left to such a row are validated again, so
     * the group they found is made now.
     */
    private void retryLeftGroups(long now) {
        for (Candidate c : new ArrayList<>(candidates.all())) {
            if (c.state() == Candidate.State.VALIDATED && c.lastError() != null
                    && c.lastError().contains(CandidateLifecycle.RFC_3489_ELSEWHERE)) {
                log.info("{}: its RFC 3489 group's other row is gone, validating it again", c);
                candidates.resetTries(c);
                scheduleImport(c, now);
            }
        }
    }

    private Target addTarget(TargetSpec spec, long now) {
        Target t = table.add(spec);
        if (t != null) {
            units.sync(t.groupKey(), null, now);
        }
        return t;
    }

    private void removeTarget(Target t, long now) {
        table.remove(t.id());
        incidents.removed(t.id());
        checks.removed(t.id());
        units.removed(t.id());
        units.sync(t.groupKey(), null, now);
    }

    private void removeCandidate(Candidate c, long now) {
        scheduler.remove(c.unitKey());
        for (Long id : c.services()) {
            Target t = table.get(id);
            if (t != null && Objects.equals(t.spec().candidate(), c.id())) {
                removeTarget(t, now);
            }
        }
        candidates.remove(c.id());
    }

    private long jitter(long maxMillis) {
        return random.nextLong(Math.max(1, maxMillis));
    }

    // ---- the work the lists need: imports (validate a candidate) and resolutions (of an alias) ----------------

    private void scheduleImport(Candidate c, long due) {
        TargetSpec s = c.spec();
        scheduler.put(c.unitKey(), Task.IMPORT, s.kind(), s.family(), new long[] {c.id()}, settings.importRetry(),
                due, clock.millis());
        scheduler.retime(c.unitKey(), due);
        scheduler.minLease(c.unitKey(), Jobs.minImportLeaseMs(s));
    }

    /** What a worker needs for one member of an import or resolution, or null when it is gone meanwhile. */
    JobTarget jobTarget(Task task, long member) {
        if (task == Task.IMPORT) {
            Candidate c = candidates.get(member);
            if (c == null) {
                return null;
            }
            TargetSpec s = c.spec();
            return new JobTarget(c.id(), s.kind(), s.family(), s.kind().defaultTransport(), s.host(), s.ip(),
                    s.port(), s.user(), s.password(), s.timeoutMs(), s.options(), rows.publicOnly(s));
        }
        Alias a = aliases.get(member);
        return a == null ? null : new JobTarget(a.id(), Kind.RESOLVE, a.family(), Transport.UDP, a.host(), null, 0,
                null, null, null, null);
    }

    /** Takes an import's or a resolution's result (never a worker fault); returns why it was refused, or null. */
    String taken(Task task, long member, ProbeResult r, Instant now) {
        if (task == Task.IMPORT) {
            Candidate c = candidates.get(member);
            if (c == null) {
                return "candidate " + member + " no longer exists";
            }
            validated(c, r, now);
        } else {
            Alias a = aliases.get(member);
            if (a == null) {
                return "alias " + member + " no longer exists";
            }
            resolved(a, r, now);
        }
        return null;
    }

    private void validated(Candidate c, ProbeResult r, Instant now) {
        CandidateLifecycle.Verdict v = CandidateLifecycle.validated(c, r, now, settings.importRetry(),
                rows.allowsPrivate(c.spec()), known);
        List<Long> made = new ArrayList<>();
        for (CandidateLifecycle.Service s : v.services()) {
            Target t = s.existing() != null ? table.get(s.existing()) : addTarget(s.spec(), now.toEpochMilli());
            t = t != null ? t : table.get(TargetKey.of(s.spec())); // a key the worker named twice
            if (t != null && !made.contains(t.id())) {
                made.add(t.id());
                usesAlias(t);
            }
        }
        candidates.settle(c, v, made);
        switch (v.state()) {
            case VALIDATED -> {
                scheduler.remove(c.unitKey());
                log.info("{} validated into {} service(s)", c, made.size());
            }
            case DISABLED -> {
                scheduler.remove(c.unitKey());
                log.warn("{} disabled after {} tries: {}", c, v.attempts(), v.lastError());
            }
            case PENDING -> scheduler.retime(c.unitKey(), v.retryAt().toEpochMilli());
        }
    }

    /**
     * A new service of a validated candidate uses the alias its candidate tracks: it is counted as a user; the
     * alias's private-address permission (every row using the name decides it) stays as it is.
     */
    private void usesAlias(Target t) {
        if (t.spec().host() == null) {
            return;
        }
        Alias a = aliases.get(t.spec().host(), t.spec().family());
        if (a == null) {
            a = track(new AliasTracking.Name(t.spec().host(), t.spec().family()), rows.allowsPrivate(t.spec()));
        }
        aliasTargets.computeIfAbsent(a.id(), k -> new HashSet<>()).add(t.id());
    }

    /** Takes a resolution: the alias's address may change, and the targets using it may follow. */
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
                log.warn("{} (IPv{}): keeping {}: {}", a.host(), a.family(), a.current(), error);
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
        List<Target> users = new ArrayList<>();
        for (Long id : aliasTargets.getOrDefault(a.id(), Set.of())) {
            Target t = table.get(id);
            if (t != null) {
                users.add(t);
            }
        }
        List<Candidate> candidateUsers = new ArrayList<>();
        for (Long id : aliasCandidates.getOrDefault(a.id(), Set.of())) {
            Candidate c = candidates.get(id);
            if (c != null) {
                candidateUsers.add(c);
            }
        }
        AliasTracking.Moves moves = AliasTracking.moves(chosen, users, candidateUsers, now, settings.aliasDowntime());
        for (AliasTracking.Move m : moves.targets()) {
            Target t = table.get(m.id());
            log.info("{} follows {} to {}", t, a.host(), m.ip());
            units.update(t, t.spec().withIp(m.ip()), now.toEpochMilli());
        }
        for (AliasTracking.Move m : moves.candidates()) {
            Candidate c = candidates.get(m.id());
            candidates.update(c, c.spec().withIp(m.ip()));
        }
    }

    /** Tracks every name the rows use, with who uses it; schedules new aliases, drops unused ones. */
    private void syncAliases() {
        AliasTracking.Use use = AliasTracking.of(table.all(), candidates.all(), rows::allowsPrivate);
        Map<Long, Set<Long>> byTargets = new HashMap<>();
        Map<Long, Set<Long>> byCandidates = new HashMap<>();
        use.privateOk().forEach((name, privateOk) -> {
            Alias a = track(name, privateOk);
            byTargets.put(a.id(), new HashSet<>(use.targets().getOrDefault(name, Set.of())));
            byCandidates.put(a.id(), new HashSet<>(use.candidates().getOrDefault(name, Set.of())));
        });
        aliasTargets = byTargets;
        aliasCandidates = byCandidates;
        for (Alias gone : aliases.retain(a -> use.privateOk().containsKey(new AliasTracking.Name(a.host(),
                a.family())))) {
            scheduler.remove(gone.unitKey());
        }
    }

    private Alias track(AliasTracking.Name name, boolean allowPrivate) {
        Alias a = aliases.track(name.host(), name.family(), allowPrivate);
        if (scheduler.unit(a.unitKey()) == null) {
            // resolve soon: the first checks of a new row should find an address (a stored alias too, after a
            // restart: its unit is not stored)
            long now = clock.millis();
            scheduler.put(a.unitKey(), Task.RESOLVE, Kind.RESOLVE, name.family(), new long[] {a.id()},
                    settings.aliasInterval(), now + jitter(Math.min(settings.spread().toMillis(), 10_000)), now);
        }
        return a;
    }
}
