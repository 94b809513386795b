package dogdorm.dealer.original;

import dogdorm.common.Addresses;
import dogdorm.common.HostNames;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.Visible;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.core.Stored;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.imports.Candidates;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the original Dogdorm's database becomes in a Dogdorm data folder, decided from its rows and what the folder
 * holds, changing nothing: its services become targets with their counters (checks, failures, uptime, longest
 * uptime, last success), its RFC 3489 groups stay groups of four, its import rows become candidates (pending, or
 * disabled where the original gave up, or validated into the services found for them), and the host names of its
 * aliases name the targets and candidates that used them, with the address each last resolved to. What cannot come
 * over is skipped with the reason: addresses the public-server policy refuses (the original let loopback in), rows
 * a list or an earlier import already has, groups not of four, unreadable rows. Pure functions.
 */
public final class OriginalImport {
    private OriginalImport() {}

    /** One row not brought over, and why. */
    public record Skipped(String row, String why) {}

    /** What an import adds, and what it skipped. */
    public record Plan(List<TargetRow> targets, List<Candidate> candidates, List<Alias> aliases, List<Skipped> skipped,
                       int groups, long checks, int named, long lastTargetId, long lastCandidateId, long lastAliasId) {
        /** The rows to store, in one flush. */
        public Changes changes() {
            return new Changes(targets, Set.of(), lastTargetId, List.of(), candidates, Set.of(), lastCandidateId,
                    aliases, Set.of(), lastAliasId, List.of(), 0, List.of());
        }
    }

    /** The original's type codes. */
    private static Kind kind(int type) {
        return switch (type) {
            case 3 -> Kind.STUN;
            case 4 -> Kind.STUN_CHANGE;
            case 5 -> Kind.MQTT;
            case 6 -> Kind.TURN;
            case 7 -> Kind.NTP;
            default -> null;
        };
    }

    private static int family(int af) {
        return af == 10 ? 6 : af == 2 ? 4 : 0;
    }

    /**
     * @param file         the original database's name, for the rows' sources ({@code original:monitor.sqlite3})
     * @param stored       what the data folder holds now
     * @param allowPrivate whether private and loopback addresses may come over ({@code --allow-private})
     */
    public static Plan plan(OriginalDatabase.Contents in, String file, Stored stored, boolean allowPrivate,
                            Instant now) {
        String sourceFile = "original:" + file;
        Map<Long, OriginalDatabase.AliasRow> aliasRows = new HashMap<>();
        for (OriginalDatabase.AliasRow a : in.aliases()) {
            aliasRows.put(a.id(), a);
        }
        // who has each key already, by source: the folder's rows, then this file's rows as they come over
        Map<TargetKey, String> monitored = new HashMap<>(); // targets, and the keys list rows will make
        Map<String, String> addressTaken = new HashMap<>(); // the same service by address, whatever its name
        Map<TargetKey, String> listed = new HashMap<>(); // candidates
        for (TargetRow t : stored.targets()) {
            monitored.put(TargetKey.of(t.spec()), t.spec().sourceText());
            if (t.spec().ip() != null) {
                addressTaken.put(addressKey(t.spec()), t.spec().sourceText());
            }
        }
        for (Candidate c : stored.candidates()) {
            listed.put(Candidates.key(c.spec()), c.spec().sourceText());
            monitored.putIfAbsent(Candidates.key(c.spec()), c.spec().sourceText());
        }
        List<Skipped> skipped = new ArrayList<>();
        long nextTarget = stored.lastTargetId();
        List<TargetRow> targets = new ArrayList<>();
        Map<String, List<Long>> servicesByAddress = new HashMap<>(); // type|af|ip|port -> target ids
        long checks = 0;
        int groups = 0;
        Set<String> names = new HashSet<>(); // host|family of every named row brought over

        // RFC 3489 groups: their four members come over together or not at all
        Map<Long, List<OriginalDatabase.Service>> changeGroups = new LinkedHashMap<>();
        List<OriginalDatabase.Service> singles = new ArrayList<>();
        for (OriginalDatabase.Service s : in.services()) {
            if (s.type() == 4) {
                changeGroups.computeIfAbsent(s.groupId(), g -> new ArrayList<>()).add(s);
            } else {
                singles.add(s);
            }
        }
        List<List<OriginalDatabase.Service>> units = new ArrayList<>();
        for (OriginalDatabase.Service s : singles) {
            units.add(List.of(s));
        }
        units.addAll(changeGroups.values());
        for (List<OriginalDatabase.Service> unit : units) {
            String what = unit.size() == 1 ? "service " + unit.get(0).id()
                    : "RFC 3489 group " + unit.get(0).groupId();
            boolean group = unit.get(0).type() == 4;
            if (group && unit.size() != 4) {
                skipped.add(new Skipped(what, "has " + unit.size() + " members, not 4"));
                continue;
            }
            List<TargetSpec> specs = new ArrayList<>();
            String why = null;
            for (OriginalDatabase.Service s : unit) {
                Kind kind = kind(s.type());
                int family = family(s.af());
                if (kind == null || family == 0) {
                    why = "type " + s.type() + " or af " + s.af() + " is not one the original used";
                    break;
                }
                String ip;
                try {
                    ip = address(s.ip(), family, allowPrivate);
                } catch (IllegalArgumentException e) {
                    why = e.getMessage();
                    break;
                }
                Transport transport = kind == Kind.STUN ? (s.proto() == 1 ? Transport.TCP : Transport.UDP)
                        : kind.defaultTransport();
                // a group's members are keyed by address; other services keep their host name
                String host = group ? null : hostName(aliasRows.get(s.aliasId()), family);
                TargetSpec spec = new TargetSpec(kind, family, transport, host, ip, s.port(),
                        kind == Kind.TURN || kind == Kind.MQTT ? s.user() : null,
                        kind == Kind.TURN || kind == Kind.MQTT ? s.password() : null,
                        group ? "original:" + s.groupId() : null, Source.labelled(sourceFile, "service." + s.id()),
                        null, null, null);
                TargetKey key = TargetKey.of(spec);
                if (host != null && monitored.containsKey(key)) {
                    // two services under one name and port: the second is kept by its address
                    spec = new TargetSpec(kind, family, transport, null, ip, s.port(), spec.user(), spec.password(),
                            null, spec.source(), null, null, null);
                    key = TargetKey.of(spec);
                }
                if (addressTaken.containsKey(addressKey(spec))) {
                    why = addressKey(spec) + " is already monitored as " + addressTaken.get(addressKey(spec));
                    break;
                }
                if (monitored.containsKey(key)) {
                    why = key + " is already monitored as " + monitored.get(key);
                    break;
                }
                specs.add(spec);
            }
            if (why != null) {
                skipped.add(new Skipped(what, why));
                continue;
            }
            for (int i = 0; i < unit.size(); i++) {
                OriginalDatabase.Service s = unit.get(i);
                TargetSpec spec = specs.get(i);
                monitored.put(TargetKey.of(spec), spec.sourceText());
                addressTaken.put(addressKey(spec), spec.sourceText());
                OriginalDatabase.Status st = in.status(14, s.id());
                long id = ++nextTarget;
                targets.add(new TargetRow(id, spec, stats(st), null));
                checks += st == null ? 0 : st.testNo();
                servicesByAddress.computeIfAbsent(s.type() + "|" + s.af() + "|" + spec.ip() + "|" + s.port(),
                        k -> new ArrayList<>()).add(id);
                if (spec.host() != null) names.add(spec.host() + "|" + spec.family());
            }
            groups += group ? 1 : 0;
        }

        // import rows: candidates
        long nextCandidate = stored.lastCandidateId();
        List<Candidate> candidates = new ArrayList<>();
        for (OriginalDatabase.ImportRow r : in.imports()) {
            String what = "import " + r.id();
            Kind kind = kind(r.type());
            int family = family(r.af());
            if (kind == null || kind == Kind.STUN_CHANGE || family == 0) {
                skipped.add(new Skipped(what, "type " + r.type() + " or af " + r.af() + " is not one the original "
                        + "imported"));
                continue;
            }
            String ip = null;
            if (r.ip() != null && !r.ip().isBlank()) {
                try {
                    ip = address(r.ip(), family, allowPrivate);
                } catch (IllegalArgumentException e) {
                    skipped.add(new Skipped(what, e.getMessage()));
                    continue;
                }
            }
            String host;
            try {
                OriginalDatabase.AliasRow a = aliasRows.get(r.aliasId());
                host = a == null ? null : HostNames.normalize(a.fqn());
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(what, Visible.of(e.getMessage(), 200)));
                continue;
            }
            String user = kind == Kind.TURN || kind == Kind.MQTT ? r.user() : null;
            String password = kind == Kind.TURN || kind == Kind.MQTT ? r.password() : null;
            if (host != null && host.indexOf('.') < 0 && ip != null) {
                // a one-word "host name" beside an address is a list line's shifted column (ip,port,user,pass
                // read as ip,port,host,user) or a 0 the original kept: credentials move back, the name goes
                if (user != null && password == null) {
                    password = user;
                    user = host;
                }
                host = null;
            }
            if (ip == null && host == null) {
                skipped.add(new Skipped(what, "no address and no host name"));
                continue;
            }
            if (r.port() < 1 || r.port() > 65535) {
                skipped.add(new Skipped(what, "port " + r.port() + " is outside 1..65535"));
                continue;
            }
            TargetSpec spec = new TargetSpec(kind, family, kind.defaultTransport(), host, ip, r.port(), user, password,
                    null, Source.labelled(sourceFile, "import." + r.id()), null, null, null);
            TargetKey key = Candidates.key(spec);
            if (listed.containsKey(key)) {
                skipped.add(new Skipped(what, key + " is already a candidate (" + listed.get(key) + ")"));
                continue;
            }
            listed.put(key, spec.sourceText());
            OriginalDatabase.Status st = in.status(16, r.id());
            long id = ++nextCandidate;
            List<Long> services = ip == null ? List.of()
                    : servicesOf(servicesByAddress, r.type(), r.af(), ip, r.port());
            Candidate c;
            Instant tried = st == null || st.lastStatus() == 0 ? null : Instant.ofEpochSecond(st.lastStatus());
            // the original disabled an import after its first success too: only one that never succeeded failed
            boolean neverWorked = st != null && st.testNo() > 0 && st.failedTests() >= st.testNo();
            if (!services.isEmpty()) {
                c = Candidate.restore(id, spec, Candidate.State.VALIDATED, 1, null, tried, services);
            } else if (st != null && st.status() == 13 && neverWorked) {
                c = Candidate.restore(id, spec, Candidate.State.DISABLED, Candidate.MAX_ATTEMPTS,
                        "disabled by the original Dogdorm after " + st.failedTests() + " failed tries", tried,
                        List.of());
            } else {
                c = Candidate.restore(id, spec, Candidate.State.PENDING, 0, null, null, List.of());
            }
            candidates.add(c);
            if (host != null) names.add(host + "|" + family);
        }

        // aliases: the names the rows brought over use, with the address each last resolved to
        long nextAlias = stored.lastAliasId();
        Set<String> known = new HashSet<>();
        for (Alias a : stored.aliases()) {
            known.add(a.host() + "|" + a.family());
        }
        List<Alias> aliases = new ArrayList<>();
        for (OriginalDatabase.AliasRow a : in.aliases()) {
            int family = family(a.af());
            String host;
            try {
                host = HostNames.normalize(a.fqn());
            } catch (IllegalArgumentException e) {
                continue; // its rows were skipped with the reason above
            }
            String name = host + "|" + family;
            if (!names.contains(name) || !known.add(name)) {
                continue;
            }
            String ip = null;
            try {
                ip = a.ip() == null ? null : address(a.ip(), family, allowPrivate);
            } catch (IllegalArgumentException e) {
                // resolved to what the policy refuses: the dealer resolves it again
            }
            OriginalDatabase.Status st = in.status(15, a.id());
            Instant seen = st == null || st.lastStatus() == 0 ? now : Instant.ofEpochSecond(st.lastStatus());
            aliases.add(Alias.restore(++nextAlias, host, family, ip,
                    ip == null ? List.of() : List.of(new Alias.Seen(ip, seen, seen)), ip == null ? null : seen,
                    null));
        }
        return new Plan(targets, candidates, aliases, skipped, groups, checks, names.size(), nextTarget,
                nextCandidate, nextAlias);
    }

    /** A service by what it is and where, whatever it is named: kind, family, transport, address and port. */
    private static String addressKey(TargetSpec s) {
        return s.kind() + "/v" + s.family() + "/" + s.transport() + " " + Addresses.withPort(s.ip(), s.port());
    }

    private static List<Long> servicesOf(Map<String, List<Long>> byAddress, int type, int af, String ip, int port) {
        List<Long> out = new ArrayList<>(byAddress.getOrDefault(type + "|" + af + "|" + ip + "|" + port, List.of()));
        if (type == 3) { // a STUN row's classification made its RFC 3489 group too
            out.addAll(byAddress.getOrDefault(4 + "|" + af + "|" + ip + "|" + port, List.of()));
        }
        return out;
    }

    /** A row's address in canonical form, if it is of its family and the policy allows it. */
    private static String address(String text, int family, boolean allowPrivate) {
        InetAddress a;
        try {
            a = Addresses.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ip " + Visible.of(e.getMessage(), 200));
        }
        if (Addresses.family(a) != family) {
            throw new IllegalArgumentException("ip " + text + " is not IPv" + family);
        }
        String why = Addresses.whyNotPublic(a);
        if (why != null && !allowPrivate) {
            throw new IllegalArgumentException("ip " + Addresses.canonical(a) + " is " + Addresses.aReason(why)
                    + ", refused by the public-server policy (--allow-private brings it over)");
        }
        return Addresses.canonical(a);
    }

    /** An alias's host name, or null when there is none or it is not a valid name. */
    private static String hostName(OriginalDatabase.AliasRow a, int family) {
        if (a == null || a.fqn() == null || family(a.af()) != family) {
            return null;
        }
        try {
            return HostNames.normalize(a.fqn());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The original's counters as Dogdorm's: checks, failures, uptime and longest uptime in seconds, last success
     * and last check; up when the last check succeeded. The decayed counts the score uses start as if the checks had
     * failed evenly.
     */
    static Stats stats(OriginalDatabase.Status st) {
        Stats s = new Stats();
        if (st == null || st.testNo() <= 0) {
            return s;
        }
        s.checks = st.testNo();
        s.failures = Math.min(Math.max(st.failedTests(), 0), st.testNo());
        s.uptimeS = Math.max(st.uptime(), 0);
        s.maxUptimeS = Math.max(st.maxUptime(), s.uptimeS);
        s.lastSuccess = st.lastSuccess() > 0 ? Instant.ofEpochSecond(st.lastSuccess()) : null;
        s.lastCheck = st.lastStatus() > 0 ? Instant.ofEpochSecond(st.lastStatus()) : s.lastSuccess;
        boolean up = s.lastSuccess != null && s.lastCheck != null && !s.lastSuccess.isBefore(s.lastCheck);
        s.state = up ? State.UP : State.DOWN;
        s.stateSince = s.lastCheck;
        s.streak = up ? 1 : -1;
        double seen = (1 - Math.pow(Stats.DECAY, Math.min(s.checks, 1000))) / (1 - Stats.DECAY);
        s.decayedSeen = seen;
        s.decayedGood = seen * (s.checks - s.failures) / s.checks;
        return s;
    }
}
