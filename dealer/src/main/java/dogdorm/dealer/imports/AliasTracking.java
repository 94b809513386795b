package dogdorm.dealer.imports;

import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The DNS aliases' rules, decided from the facts and changing nothing: which (host name, family) names the rows
 * use, who uses each and whether it may resolve to private addresses (when any row using it may); and, once a name
 * resolves to a new address, which targets and candidates follow it (the rules the original kept so that a working
 * server does not flap between addresses).
 */
public final class AliasTracking {
    private AliasTracking() {}

    /** A name the rows use: its host and family. */
    public record Name(String host, int family) {}

    /** The names in use: whether each may use private addresses, and the targets and candidates using it. */
    public record Use(Map<Name, Boolean> privateOk, Map<Name, Set<Long>> targets, Map<Name, Set<Long>> candidates) {}

    /** The names every target and candidate with a host name uses. */
    public static Use of(Iterable<Target> targets, Iterable<Candidate> candidates,
                         Predicate<TargetSpec> allowsPrivate) {
        Map<Name, Boolean> privateOk = new HashMap<>();
        Map<Name, Set<Long>> byTargets = new HashMap<>();
        Map<Name, Set<Long>> byCandidates = new HashMap<>();
        for (Target t : targets) {
            TargetSpec s = t.spec();
            if (s.host() != null) {
                Name n = new Name(s.host(), s.family());
                privateOk.merge(n, allowsPrivate.test(s), Boolean::logicalOr);
                byTargets.computeIfAbsent(n, k -> new HashSet<>()).add(t.id());
            }
        }
        for (Candidate c : candidates) {
            TargetSpec s = c.spec();
            if (s.host() != null) {
                Name n = new Name(s.host(), s.family());
                privateOk.merge(n, allowsPrivate.test(s), Boolean::logicalOr);
                byCandidates.computeIfAbsent(n, k -> new HashSet<>()).add(c.id());
            }
        }
        return new Use(privateOk, byTargets, byCandidates);
    }

    /** A target or candidate that takes the name's new address. */
    public record Move(long id, String ip) {}

    /** Who follows a name to {@code chosen}: targets under {@link #shouldMove}, candidates not yet validated. */
    public record Moves(List<Move> targets, List<Move> candidates) {}

    public static Moves moves(String chosen, Iterable<Target> users, Iterable<Candidate> candidateUsers, Instant now,
                              Duration downtime) {
        List<Move> targets = new ArrayList<>();
        for (Target t : users) {
            if (!chosen.equals(t.spec().ip()) && shouldMove(t.spec().ip(), t.stats(), now, downtime)) {
                targets.add(new Move(t.id(), chosen));
            }
        }
        List<Move> candidates = new ArrayList<>();
        for (Candidate c : candidateUsers) {
            if (c.state() != Candidate.State.VALIDATED && !chosen.equals(c.spec().ip())) {
                candidates.add(new Move(c.id(), chosen));
            }
        }
        return new Moves(targets, candidates);
    }

    /**
     * Whether a target using the name should take its new address: it has none, has never been checked, or has
     * had no success for longer than the alias downtime (never, if it never had one).
     */
    public static boolean shouldMove(String ip, Stats s, Instant now, Duration downtime) {
        if (ip == null || s.checks == 0) {
            return true;
        }
        return s.lastSuccess == null || Duration.between(s.lastSuccess, now).compareTo(downtime) > 0;
    }
}
