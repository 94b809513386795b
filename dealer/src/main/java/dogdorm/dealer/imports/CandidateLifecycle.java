package dogdorm.dealer.imports;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.Endpoint;
import dogdorm.common.wire.FoundService;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.ProbeResult;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import dogdorm.dealer.table.TargetSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a candidate (a STUN, TURN, MQTT or NTP row) goes after a worker tried to validate it, decided from the facts
 * and a time and changing nothing: validated into the services the worker found (a STUN row: UDP and TCP Binding
 * services and an RFC 3489 group of four), or failed once more: tried again after the import retry, doubled each
 * time, and disabled after {@link Candidate#MAX_ATTEMPTS} tries, with the last reason. Addresses a worker reports
 * must be of the row's family and allowed by the address policy.
 */
public final class CandidateLifecycle {
    private CandidateLifecycle() {}

    /** How a verdict says a candidate's RFC 3489 group was left to another row (tried again when that row goes). */
    public static final String RFC_3489_ELSEWHERE = "RFC 3489 group left to another row";

    /** A service to monitor: its spec, and the id of the target this candidate made for it before, if any. */
    public record Service(TargetSpec spec, Long existing) {}

    /**
     * What becomes of the candidate: its new state, tries, last error and when it was tried; the services to make
     * (validated only); and when it is tried next (pending only).
     */
    public record Verdict(Candidate.State state, int attempts, String lastError, Instant lastTried,
                          List<Service> services, Instant retryAt) {
        public boolean validated() {
            return state == Candidate.State.VALIDATED;
        }
    }

    /**
     * The verdict on one validation result (a worker fault never gets here).
     *
     * @param allowsPrivate the row's list allows private addresses
     * @param known         what targets exist: a service whose key another list or candidate already has is skipped
     */
    public static Verdict validated(Candidate c, ProbeResult r, Instant now, Duration importRetry,
                                    boolean allowsPrivate, RowReconcile.Known known) {
        int attempts = c.attempts() + 1;
        String why = r.error();
        if (r.up()) {
            List<String> problems = new ArrayList<>();
            List<Service> services = services(c, r, allowsPrivate, known, problems);
            if (!services.isEmpty()) {
                return new Verdict(Candidate.State.VALIDATED, attempts,
                        problems.isEmpty() ? null : String.join("; ", problems), now, services, null);
            }
            why = "no usable service: " + (problems.isEmpty() ? "the worker reported none"
                    : String.join("; ", problems));
        }
        String error = why == null ? "failed" : why;
        if (attempts >= Candidate.MAX_ATTEMPTS) {
            return new Verdict(Candidate.State.DISABLED, attempts, error, now, List.of(), null);
        }
        return new Verdict(Candidate.State.PENDING, attempts, error, now, List.of(),
                now.plus(importRetry.multipliedBy(1L << (attempts - 1))));
    }

    /** The services the worker's findings name, and why any was refused. */
    private static List<Service> services(Candidate c, ProbeResult r, boolean allowsPrivate,
                                          RowReconcile.Known known, List<String> problems) {
        ImportFindings found;
        try {
            found = ImportFindings.from(r.detail());
        } catch (IllegalArgumentException e) {
            problems.add("unreadable findings: " + e.getMessage());
            return List.of();
        }
        TargetSpec row = c.spec();
        String address = row.ip();
        if (found.address() != null) {
            String why = checkAddress(found.address(), row, allowsPrivate);
            if (why != null) {
                problems.add("address " + why);
                return List.of();
            }
            address = Addresses.canonical(Addresses.parse(found.address()));
        }
        List<Service> out = new ArrayList<>();
        for (FoundService s : found.services()) {
            if (s.isGroup()) {
                out.addAll(changeGroup(c, s.members(), allowsPrivate, known, problems));
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
            Service service = service(new TargetSpec(s.kind(), row.family(), s.transport(), row.host(), address,
                    row.port(), row.user(), row.password(), null, row.source(), row.interval(), row.timeoutMs(),
                    row.options(), c.id(), row.vantage(), row.tags()), c, known);
            if (service != null) {
                out.add(service);
            }
        }
        return out;
    }

    /** An RFC 3489 group's four targets, all or nothing (a member monitored otherwise would break the group). */
    private static List<Service> changeGroup(Candidate c, List<Endpoint> members, boolean allowsPrivate,
                                             RowReconcile.Known known, List<String> problems) {
        TargetSpec row = c.spec();
        List<TargetSpec> specs = new ArrayList<>();
        String group = "change:" + c.id();
        for (Endpoint m : members) {
            String why = checkAddress(m.ip(), row, allowsPrivate);
            if (why != null) {
                problems.add("RFC 3489 member " + why);
                return List.of();
            }
            // members are keyed by address: the primary and the alternate share the host name and port
            specs.add(new TargetSpec(Kind.STUN_CHANGE, row.family(), Transport.UDP, null,
                    Addresses.canonical(Addresses.parse(m.ip())), m.port(), null, null, group, row.source(),
                    row.interval(), row.timeoutMs(), row.options(), c.id(), row.vantage(), row.tags()));
        }
        for (TargetSpec s : specs) {
            Target existing = known.target(TargetKey.of(s));
            if (existing != null && !Objects.equals(existing.spec().candidate(), c.id())) {
                // a stun-change row for the same server is the same group: it stays the one listed, and this
                // row's group is made if that row goes (RFC_3489_ELSEWHERE marks the candidate for a new try)
                problems.add(RFC_3489_ELSEWHERE + ": " + s.ip() + ":" + s.port() + " is monitored as "
                        + existing.spec().source());
                return List.of();
            }
        }
        List<Service> out = new ArrayList<>();
        for (TargetSpec s : specs) {
            out.add(service(s, c, known));
        }
        return out;
    }

    /** A service to add, or the target this candidate made for it before; null when another owns the key. */
    private static Service service(TargetSpec spec, Candidate c, RowReconcile.Known known) {
        Target existing = known.target(TargetKey.of(spec));
        if (existing == null) {
            return new Service(spec, null);
        }
        return Objects.equals(existing.spec().candidate(), c.id()) ? new Service(spec, existing.id()) : null;
    }

    /** Why an address a worker reported may not be used for this row, or null. */
    static String checkAddress(String text, TargetSpec row, boolean allowsPrivate) {
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
        if (why != null && !allowsPrivate) {
            return Addresses.canonical(ip) + " is " + Addresses.aReason(why) + ", refused by the public-server policy";
        }
        return null;
    }
}
