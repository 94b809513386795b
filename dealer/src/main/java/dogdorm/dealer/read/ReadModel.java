package dogdorm.dealer.read;

import dogdorm.common.Kind;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.maintenance.Windows;
import dogdorm.dealer.ranking.OriginalScore;
import dogdorm.dealer.ranking.Score;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.TargetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the pages and JSON answers read: the targets, candidates and aliases as the state core last published them
 * ({@link Feed}), kept in concurrent maps. The core only stores copies here, under its lock; views, scores and
 * rankings are built here, on the reader's thread, without the core's lock, so a page of 100,000 targets never
 * slows a worker. A target's group shares its members' mean score; its {@code fqns} are every host name known for
 * its address (its own and those of other targets there, and every alias that ever resolved to it); its
 * {@code label} is what {@code labels} calls it by its source (a keepalive site's description); its
 * {@code maintenance}, the window it is in at the time of reading (null when none).
 */
public final class ReadModel implements Feed {
    private final Function<String, String> labels;
    private final Windows maintenance;
    private final Map<Long, TargetState> targets = new ConcurrentHashMap<>();
    /** Members of named groups (a target without one is its own group). */
    private final Map<String, Set<Long>> groups = new ConcurrentHashMap<>();
    /** Host names of the targets at each address, with how many targets use each. */
    private final Map<String, Map<String, Integer>> hostsByIp = new ConcurrentHashMap<>();
    private final Map<Long, CandidateState> candidates = new ConcurrentHashMap<>();
    private final Map<Long, AliasState> aliases = new ConcurrentHashMap<>();

    /** A read model whose targets have no labels. */
    public ReadModel() {
        this(source -> null);
    }

    /** @param labels a target's label by its source text, or null; called on readers' threads */
    public ReadModel(Function<String, String> labels) {
        this(labels, null);
    }

    /** @param maintenance the maintenance windows, asked at each read (null: none) */
    public ReadModel(Function<String, String> labels, Windows maintenance) {
        this.labels = labels;
        this.maintenance = maintenance;
    }

    // ---- the feed: one writer (the core, under its lock) -----------------------------------------------------

    @Override
    public void target(TargetState t) {
        TargetState old = targets.put(t.id(), t);
        if (old != null && old.spec() == t.spec()) {
            return; // the same spec: its group and address are indexed already
        }
        if (old != null) {
            index(old, -1);
        }
        index(t, 1);
    }

    @Override
    public void targetGone(long id) {
        TargetState old = targets.remove(id);
        if (old != null) {
            index(old, -1);
        }
    }

    private void index(TargetState t, int delta) {
        TargetSpec s = t.spec();
        if (s.group() != null) {
            Set<Long> members = groups.computeIfAbsent(s.group(), g -> ConcurrentHashMap.newKeySet());
            if (delta > 0) {
                members.add(t.id());
            } else {
                members.remove(t.id());
            }
        }
        if (s.ip() != null && s.host() != null) {
            Map<String, Integer> hosts = hostsByIp.computeIfAbsent(s.ip(), ip -> new ConcurrentHashMap<>());
            hosts.merge(s.host(), delta, (a, b) -> a + b <= 0 ? null : a + b);
        }
    }

    @Override
    public void candidate(CandidateState c) {
        candidates.put(c.candidate().id(), c);
    }

    @Override
    public void candidateGone(long id) {
        candidates.remove(id);
    }

    @Override
    public void alias(AliasState a) {
        aliases.put(a.alias().id(), a);
    }

    @Override
    public void aliasGone(long id) {
        aliases.remove(id);
    }

    // ---- targets -------------------------------------------------------------------------------------------

    /** Every target's view, scored. */
    public List<TargetView> targets() {
        List<TargetState> all = new ArrayList<>(targets.values());
        Map<String, double[]> groupScore = new HashMap<>();
        for (TargetState t : all) {
            if (t.spec().group() != null) {
                addScores(groupScore.computeIfAbsent(t.groupKey(), k -> new double[3]), t);
            }
        }
        Map<String, List<String>> names = namesByAddress();
        List<TargetView> out = new ArrayList<>(all.size());
        for (TargetState t : all) {
            out.add(viewOf(t, groupScore.get(t.groupKey()), t.spec().ip() == null ? null : names.get(t.spec().ip())));
        }
        return out;
    }

    /** Runs {@code f} over every target's view. */
    public <T> T read(Function<List<TargetView>, T> f) {
        return f.apply(targets());
    }

    /** One target's view, without building every other target's. */
    public Optional<TargetView> view(long id) {
        TargetState t = targets.get(id);
        if (t == null) {
            return Optional.empty();
        }
        double[] group = null;
        if (t.spec().group() != null) {
            group = new double[3];
            for (long member : groups.getOrDefault(t.spec().group(), Set.of())) {
                TargetState m = targets.get(member);
                if (m != null) {
                    addScores(group, m);
                }
            }
        }
        List<String> fqns = null;
        String ip = t.spec().ip();
        if (ip != null) {
            Set<String> names = new TreeSet<>(hostsByIp.getOrDefault(ip, Map.of()).keySet());
            for (AliasState a : aliases.values()) {
                if (a.alias().history().stream().anyMatch(s -> s.address().equals(ip))) {
                    names.add(a.alias().host());
                }
            }
            fqns = List.copyOf(names);
        }
        return Optional.of(viewOf(t, group, fqns));
    }

    /** One target as the core last published it (what it is, a copy of its stats), or empty. */
    public Optional<TargetState> published(long id) {
        return Optional.ofNullable(targets.get(id));
    }

    /** Every target as the core last published it, by id: for exports, which need what a view leaves out. */
    public List<TargetState> published() {
        List<TargetState> all = new ArrayList<>(targets.values());
        all.sort(java.util.Comparator.comparingLong(TargetState::id));
        return all;
    }

    /** The lowest id whose spec passes {@code test}, found without building any view. */
    public OptionalLong lowestId(Predicate<TargetSpec> test) {
        long best = Long.MAX_VALUE;
        for (TargetState t : targets.values()) {
            if (t.id() < best && test.test(t.spec())) {
                best = t.id();
            }
        }
        return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /** Whether some target has {@code tag} (checked and lowered): what a window or a page by tag must name. */
    public boolean hasTag(String tag) {
        return lowestId(s -> s.tags().contains(tag)).isPresent();
    }

    /** The ids whose spec passes {@code test}, lowest first, found without building any view. */
    public List<Long> ids(BiPredicate<Long, TargetSpec> test) {
        List<Long> out = new ArrayList<>();
        for (TargetState t : targets.values()) {
            if (test.test(t.id(), t.spec())) {
                out.add(t.id());
            }
        }
        out.sort(null);
        return out;
    }

    /** TURN passwords by target id, for {@code /legacy} with {@code --publish-credentials} only. */
    public Map<Long, String> turnPasswords() {
        Map<Long, String> out = new HashMap<>();
        for (TargetState t : targets.values()) {
            if (t.spec().kind() == Kind.TURN && t.spec().password() != null) {
                out.put(t.id(), t.spec().password());
            }
        }
        return out;
    }

    /** The id of the alias that tracks each named target's host name, by target id. */
    public Map<Long, Long> aliasIdsByTarget() {
        Map<String, Long> byName = new HashMap<>();
        for (AliasState a : aliases.values()) {
            byName.put(a.alias().host() + "/" + a.alias().family(), a.alias().id());
        }
        Map<Long, Long> out = new HashMap<>();
        for (TargetState t : targets.values()) {
            Long id = t.spec().host() == null ? null : byName.get(t.spec().host() + "/" + t.spec().family());
            if (id != null) {
                out.put(t.id(), id);
            }
        }
        return out;
    }

    /** The host name of every list row (candidate) that has one, by id: what a service it made is named after. */
    public Map<Long, String> candidateHosts() {
        Map<Long, String> out = new HashMap<>();
        for (CandidateState c : candidates.values()) {
            if (c.candidate().spec().host() != null) {
                out.put(c.candidate().id(), c.candidate().spec().host());
            }
        }
        return out;
    }

    public int size() {
        return targets.size();
    }

    /** Every host name that resolved (now or before) to each address, or names a target there; sorted. */
    private Map<String, List<String>> namesByAddress() {
        Map<String, Set<String>> names = new HashMap<>();
        for (AliasState a : aliases.values()) {
            for (Alias.Seen s : a.alias().history()) {
                names.computeIfAbsent(s.address(), k -> new TreeSet<>()).add(a.alias().host());
            }
        }
        hostsByIp.forEach((ip, hosts) -> names.computeIfAbsent(ip, k -> new TreeSet<>()).addAll(hosts.keySet()));
        Map<String, List<String>> out = new HashMap<>(names.size() * 2);
        names.forEach((ip, set) -> out.put(ip, List.copyOf(set))); // one list per address, shared by its targets
        return out;
    }

    /** Adds a member's scores to a group's sums: {score, original score, members}. */
    private static void addScores(double[] sums, TargetState member) {
        sums[0] += scoreOf(member);
        sums[1] += OriginalScore.of(member.stats());
        sums[2]++;
    }

    /**
     * A target's score: from its record, or for one checked from several locations the median of theirs (once
     * any location has an opinion).
     */
    private static double scoreOf(TargetState t) {
        return t.vantage() != null && t.vantage().vote().state() != State.UNKNOWN ? t.vantage().vote().score()
                : Score.of(t.stats());
    }

    /** The view of a target, given its group's score sums (null when it is not in a group) and its names. */
    private TargetView viewOf(TargetState t, double[] group, List<String> fqns) {
        double score = group != null ? group[0] / group[2] : scoreOf(t);
        double original = group != null ? group[1] / group[2] : OriginalScore.of(t.stats());
        Long due = t.nextDue();
        List<String> hosts = fqns != null && !fqns.isEmpty() ? fqns
                : t.spec().host() != null ? List.of(t.spec().host()) : List.of();
        return TargetView.of(t, score, original, due == null ? null : Instant.ofEpochMilli(due), hosts,
                labels.apply(t.spec().sourceText()),
                maintenance == null ? null : maintenance.activeNow(t.id(), t.spec().sourceFile(), t.spec().tags()));
    }

    // ---- list rows -----------------------------------------------------------------------------------------

    /** Read-only copies of the candidates and aliases, for the pages. */
    public record Imports(List<CandidateView> candidates, List<AliasView> aliases) {}

    public Imports imports() {
        List<AliasView> as = new ArrayList<>();
        for (AliasState a : aliases.values()) {
            as.add(AliasView.of(a.alias(), a.users()));
        }
        as.sort(Comparator.comparing(AliasView::host).thenComparingInt(AliasView::family));
        return new Imports(candidates(), as);
    }

    /** The list rows waiting for (or done with) validation, by id. */
    public List<CandidateView> candidates() {
        List<CandidateView> cs = new ArrayList<>();
        for (CandidateState c : candidates.values()) {
            Long due = c.unit() == null ? null : c.unit().nextDue();
            Candidate copy = c.candidate();
            boolean scheduled = copy.state() == Candidate.State.PENDING;
            cs.add(CandidateView.of(copy, scheduled && due != null ? Instant.ofEpochMilli(due) : null));
        }
        cs.sort(Comparator.comparingLong(CandidateView::id));
        return cs;
    }

    /** How many list rows wait for a worker to validate them (pending candidates). */
    public int pendingCandidates() {
        int n = 0;
        for (CandidateState c : candidates.values()) {
            if (c.candidate().state() == Candidate.State.PENDING) n++;
        }
        return n;
    }

    /** The alias of one (host name, family), if the lists name it. */
    public Optional<AliasView> alias(String host, int family) {
        for (AliasState a : aliases.values()) {
            if (a.alias().host().equals(host) && a.alias().family() == family) {
                return Optional.of(AliasView.of(a.alias(), a.users()));
            }
        }
        return Optional.empty();
    }
}
