package dogdorm.dealer.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.maintenance.Windows;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.vantage.VantageSummary;
import dogdorm.dealer.vantage.VantageView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A read-only copy of one target for pages and JSON answers, built from what the state core published. It has no password
 * field: credentials never leave the dealer except to an authenticated worker. {@code fqns}: every host name
 * known for its address (its own, and every alias that resolved to it). {@code detail}: what the last check's
 * probe reported beyond up/down (e.g. TURN's {@code outcome}: {@code allocated} or {@code auth-required}).
 * {@code candidate}: the id of the list row (candidate) whose validation made it, or null for a row checked as is.
 * {@code vantage}: for a target checked from several locations, how they see it (null otherwise); {@code regional}
 * names the locations that have it down while the vote has it up (empty when none). {@code label}: what its owner
 * calls it (a keepalive site's description), or null; the pages name it by that. {@code maintenance}: the
 * maintenance window it is in now (its id, name and when it ends), or null. In JSON, {@code state} is
 * {@code "maintenance"} while it is in one, and {@code checked_state} is always what the checks say (up, down,
 * unknown, or paused while an admin has it paused); in Java, {@link #state()} is what the checks say and
 * {@link #shownState()} what the pages show. {@code tags}: its tags, sorted ({@link dogdorm.dealer.table.Tags}).
 */
public record TargetView(long id, Kind kind, int family, Transport transport, String host, String ip, int port,
                         String user, @JsonProperty("has_password") boolean hasPassword, String group,
                         String source, @JsonProperty("checked_state") State state, long checks, long failures,
                         int streak, Instant lastCheck,
                         Instant lastSuccess, long uptimeS, long maxUptimeS, Double latencyMs, Double latencyMeanMs,
                         String lastError, String lastWorker, Instant stateSince, Instant nextCheck, double score,
                         double scoreOriginal, List<String> fqns, Map<String, Object> detail,
                         Long candidate, VantageSummary vantage, List<String> regional, String label,
                         Windows.Active maintenance, List<String> tags) {

    public static TargetView of(Feed.TargetState t, double score, double scoreOriginal, Instant nextCheck,
                                List<String> fqns) {
        return of(t, score, scoreOriginal, nextCheck, fqns, null);
    }

    public static TargetView of(Feed.TargetState t, double score, double scoreOriginal, Instant nextCheck,
                                List<String> fqns, String label) {
        return of(t, score, scoreOriginal, nextCheck, fqns, label, null);
    }

    public static TargetView of(Feed.TargetState t, double score, double scoreOriginal, Instant nextCheck,
                                List<String> fqns, String label, Windows.Active maintenance) {
        var s = t.spec();
        Stats st = t.stats();
        return new TargetView(t.id(), s.kind(), s.family(), s.transport(), s.host(), s.ip(), s.port(), s.user(),
                s.password() != null, t.groupKey(), s.sourceText(), st.shown(), st.checks, st.failures, st.streak,
                st.lastCheck, st.lastSuccess, st.uptimeS, st.maxUptimeS, st.latencyLastMs, st.latencyMeanMs(),
                st.lastError, st.lastWorker, st.stateSince, nextCheck, score, scoreOriginal, fqns, t.detail(),
                s.candidate(), t.vantage(), t.vantage() == null ? List.of() : t.vantage().vote().regional(), label,
                maintenance, s.tags());
    }

    /**
     * How it looks from one location: for a target checked from several, that location's state, score, latency,
     * last check and error (unknown, scored 0, when that location has not checked it); a target checked from one
     * location at a time keeps its own. Null {@code location}: this view.
     */
    public TargetView from(String location) {
        if (location == null || vantage == null || state == State.PAUSED) {
            return this;
        }
        for (VantageView p : vantage.points()) {
            if (p.location().equals(location)) {
                return seenAs(p.state(), p.lastCheck(), p.latencyMs(), p.lastError(), p.lastWorker(), p.rankScore());
            }
        }
        return seenAs(State.UNKNOWN, null, null, null, null, 0);
    }

    /** This view with one location's state, last check, latency, error, worker and score (no regional list). */
    private TargetView seenAs(State state, Instant check, Double latency, String error, String worker, double score) {
        return new TargetView(id, kind, family, transport, host, ip, port, user, hasPassword, group, source, state,
                checks, failures, streak, check, lastSuccess, uptimeS, maxUptimeS, latency, latencyMeanMs, error,
                worker, stateSince, nextCheck, score, scoreOriginal, fqns, detail, candidate, vantage, List.of(), label,
                maintenance, tags);
    }

    /** The state pages and JSON show: {@code maintenance} while in a window, else what the checks say. */
    @JsonProperty("state")
    public String shownState() {
        return maintenance != null ? "maintenance" : state.wire();
    }

    /** What a person calls it: its label, else its host name, else its ip. */
    public String name() {
        return label != null ? label : host != null ? host : ip;
    }

    /** Share of checks that succeeded in percent, or null before the first check. */
    @JsonProperty("uptime_pct")
    public Double uptimePct() {
        return checks == 0 ? null : 100.0 * (checks - failures) / checks;
    }
}
