package dogdorm.dealer.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dogdorm.common.Addresses;
import dogdorm.dealer.Dealer;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.table.State;
import dogdorm.dealer.view.TargetView;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Status tool's API, working as its README promised: {@code /status}, {@code /status/down},
 * {@code /status/service/{domain}}, {@code /status/service/{domain}/incidents}. A check's domain is its host
 * name, or ip:port ({@code [v6]:port}), or the bare ip for ping targets; a service is found by any of those.
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

    /** One incident, in the original's shape; {@code up_detection} is null while open. */
    public record IncidentView(long id, @JsonProperty("check_id") long checkId, String description,
                               @JsonProperty("down_detection") Instant downDetection,
                               @JsonProperty("up_detection") Instant upDetection) {
        static IncidentView of(Incident i) {
            return new IncidentView(i.id(), i.targetId(), i.description(), i.downAt(), i.upAt());
        }
    }

    private final Dealer dealer;
    private final IncidentLog incidents;

    public StatusApi(Dealer dealer, IncidentLog incidents) {
        this.dealer = dealer;
        this.incidents = incidents;
    }

    static String domain(TargetView t) {
        if (t.host() != null) {
            return t.host();
        }
        return Addresses.withPort(t.ip(), t.port());
    }

    public void all(Context ctx) {
        ctx.json(dealer.read(all -> all.stream().sorted(Comparator.comparingLong(TargetView::id))
                .map(Check::of).toList()));
    }

    public void down(Context ctx) {
        ctx.json(dealer.read(all -> all.stream().filter(t -> t.state() == State.DOWN)
                .sorted(Comparator.comparingLong(TargetView::id)).map(Check::of).toList()));
    }

    public void service(Context ctx) {
        ctx.json(Check.of(find(ctx.pathParam("domain"))));
    }

    public void serviceIncidents(Context ctx) throws StoreException {
        TargetView t = find(ctx.pathParam("domain"));
        int limit = Params.intParam(ctx, "limit", 100, 1, MAX_INCIDENTS);
        List<IncidentView> out = incidents.forTarget(t.id(), limit).stream().map(IncidentView::of).toList();
        ctx.json(out);
    }

    /**
     * The check a domain names: exact domain first, then host name, ip:port, or bare ip; several matches give
     * the lowest id. 404 with a message when none.
     */
    private TargetView find(String raw) {
        String want = raw.strip().toLowerCase(Locale.ROOT);
        if (want.isEmpty()) {
            throw new ApiError(400, "domain: empty");
        }
        Optional<TargetView> hit = dealer.read(all -> {
            Comparator<TargetView> byId = Comparator.comparingLong(TargetView::id);
            Optional<TargetView> exact = all.stream().filter(t -> domain(t).equalsIgnoreCase(want)).min(byId);
            if (exact.isPresent()) {
                return exact;
            }
            return all.stream().filter(t -> matches(t, want)).min(byId);
        });
        return hit.orElseThrow(() -> new ApiError(404, "no check for domain '" + raw + "'"));
    }

    private static boolean matches(TargetView t, String want) {
        if (t.host() != null && t.host().equalsIgnoreCase(want)) return true;
        if (t.ip() == null) return false;
        String ip = t.ip().toLowerCase(Locale.ROOT);
        String bare = want.startsWith("[") && want.endsWith("]") ? want.substring(1, want.length() - 1) : want;
        return ip.equals(bare) || (ip + ":" + t.port()).equals(want) || ("[" + ip + "]:" + t.port()).equals(want);
    }
}
