package dogdorm.dealer.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dogdorm.common.Addresses;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.read.History;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.table.State;
import dogdorm.dealer.read.TargetView;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Status tool's API, working as its README promised: {@code /status}, {@code /status/down},
 * {@code /status/service/{domain}}, {@code /status/service/{domain}/incidents}. A check's domain is its host
 * name, or ip:port ({@code [v6]:port}), or the bare ip for ping targets; a service is found by any of those, or
 * by host:port when several checks share a host name.
 */
public final class StatusApi {
    private static final int MAX_INCIDENTS = 1000;

    /** One check, in the original's shape. */
    public record Check(long id, String domain, @JsonProperty("last_performed") Instant lastPerformed,
                        boolean status) {
        static Check of(TargetView t) {
            return new Check(t.id(), StatusApi.domain(t), t.lastCheck(), t.state() == State.UP);
        }
    }

    /**
     * One incident, in the original's shape: {@code down_detection} is the first failed check, {@code
     * confirmed_at} the check that confirmed the outage (null for incidents from before it was kept), {@code
     * up_detection} the check that confirmed it up again (null while open).
     */
    public record IncidentView(long id, @JsonProperty("check_id") long checkId, String description,
                               @JsonProperty("down_detection") Instant downDetection,
                               @JsonProperty("confirmed_at") Instant confirmedAt,
                               @JsonProperty("up_detection") Instant upDetection) {
        static IncidentView of(Incident i) {
            return new IncidentView(i.id(), i.targetId(), i.description(), i.downAt(), i.confirmedAt(), i.upAt());
        }
    }

    private final ReadModel reads;
    private final History history;

    public StatusApi(ReadModel reads, History history) {
        this.reads = reads;
        this.history = history;
    }

    static String domain(TargetView t) {
        return domain(t.host(), t.ip(), t.port());
    }

    /** The original's "domain" of a check: its host name, else ip:port ({@code [v6]:port}), or the ip for ping. */
    static String domain(String host, String ip, int port) {
        return host != null ? host : Addresses.withPort(ip, port);
    }

    public void all(Context ctx) {
        ctx.json(reads.read(all -> all.stream().sorted(Comparator.comparingLong(TargetView::id))
                .map(Check::of).toList()));
    }

    /** The checks that are down now; one in a maintenance window is not (its outage is planned). */
    public void down(Context ctx) {
        ctx.json(reads.read(all -> all.stream().filter(t -> t.state() == State.DOWN && t.maintenance() == null)
                .sorted(Comparator.comparingLong(TargetView::id)).map(Check::of).toList()));
    }

    public void service(Context ctx) {
        ctx.json(Check.of(find(ctx.pathParam("domain"))));
    }

    public void serviceIncidents(Context ctx) throws StoreException {
        TargetView t = find(ctx.pathParam("domain"));
        int limit = Params.intParam(ctx, "limit", 100, 1, MAX_INCIDENTS);
        List<IncidentView> out = history.incidents(t.id(), limit).stream().map(IncidentView::of).toList();
        ctx.json(out);
    }

    /**
     * The check a domain names: exact domain first, then host name, host:port, ip:port, or bare ip; several
     * matches give the lowest id. 404 with a message when none.
     */
    private TargetView find(String raw) {
        String want = raw.strip().toLowerCase(Locale.ROOT);
        if (want.isEmpty()) {
            throw new ApiError(400, "domain: empty");
        }
        // matched on the specs, then one view built: not a view of every target per request
        OptionalLong id = reads.lowestId(s -> domain(s.host(), s.ip(), s.port()).equalsIgnoreCase(want));
        if (id.isEmpty()) {
            id = reads.lowestId(s -> matches(s.host(), s.ip(), s.port(), want));
        }
        Optional<TargetView> hit = id.isEmpty() ? Optional.empty() : reads.view(id.getAsLong());
        return hit.orElseThrow(() -> new ApiError(404, "no check for domain '" + raw + "'"));
    }

    private static boolean matches(String host, String ip, int port, String want) {
        if (host != null && (host.equalsIgnoreCase(want) || (host + ":" + port).equalsIgnoreCase(want))) return true;
        if (ip == null) return false;
        String lower = ip.toLowerCase(Locale.ROOT);
        String bare = want.startsWith("[") && want.endsWith("]") ? want.substring(1, want.length() - 1) : want;
        return lower.equals(bare) || (lower + ":" + port).equals(want) || ("[" + lower + "]:" + port).equals(want);
    }
}
