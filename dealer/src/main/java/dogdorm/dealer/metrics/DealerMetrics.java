package dogdorm.dealer.metrics;

import dogdorm.common.Kind;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.core.Counts;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.flush.FlushHealth;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.table.State;
import dogdorm.dealer.read.TargetView;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code /metrics} in the Prometheus text format: targets by kind and state, checks and failures per kind, the
 * due queue and leases out, results taken and refused, flush duration and failures, workers and open incidents.
 * Per-target {@code dogdorm_probe_success} gauges (blackbox_exporter's name) only with
 * {@code --metrics-per-target}, so a million targets do not explode a scrape.
 */
public final class DealerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Core dealer;
    private final Flusher flusher;
    /** One reading of the dealer's health per scrape, taken in {@link #write}: the gauges below share it. */
    private volatile Counts health;
    private volatile FlushHealth flush;

    public DealerMetrics(Core dealer, ReadModel reads, Flusher flusher, boolean perTarget) {
        this.dealer = dealer;
        this.flusher = flusher;
        IncidentLog incidents = dealer.incidents();
        Counter checks = Counter.builder().name("dogdorm_checks_total").help("Checks ingested (worker faults excluded)")
                .labelNames("kind").register(registry);
        Counter failures = Counter.builder().name("dogdorm_check_failures_total")
                .help("Checks that found the target down").labelNames("kind").register(registry);
        Counter flushFailures = Counter.builder().name("dogdorm_flush_failures_total")
                .help("Flushes to the store that failed (their changes are kept for the next)").register(registry);
        // every kind present from the start (at 0), and no label lookup per check
        Map<Kind, CounterDataPoint> checksByKind = new EnumMap<>(Kind.class);
        Map<Kind, CounterDataPoint> failuresByKind = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            checksByKind.put(k, checks.labelValues(k.wire()));
            failuresByKind.put(k, failures.labelValues(k.wire()));
        }
        dealer.onCheck((target, up, at) -> {
            Kind kind = target.spec().kind();
            checksByKind.get(kind).inc();
            if (!up) {
                failuresByKind.get(kind).inc();
            }
        });
        flusher.onFlush(status -> {
            if (!status.ok()) {
                flushFailures.inc();
            }
        });
        GaugeWithCallback.builder().name("dogdorm_targets").help("Targets by kind and state")
                .labelNames("kind", "state").callback(cb -> {
                    Counts c = health();
                    for (Kind kind : Kind.values()) {
                        for (State s : State.values()) {
                            cb.call(c.count(kind, s), kind.wire(), s.wire());
                        }
                    }
                }).register(registry);
        gauge("dogdorm_queue_due", "Units (targets or groups) due now and not yet dealt",
                cb -> cb.call(health().due()));
        gauge("dogdorm_leases_out", "Jobs dealt and not yet answered", cb -> cb.call(health().leased()));
        gauge("dogdorm_workers_active", "Workers seen in the last minute",
                cb -> cb.call(health().workersLastMinute()));
        gauge("dogdorm_unflushed_changes", "Changes not yet written to the store",
                cb -> cb.call(flush().waitingTotal()));
        GaugeWithCallback.builder().name("dogdorm_unflushed_changes_by_part")
                .help("Changes not yet written to the store, by what they belong to").labelNames("part")
                .callback(cb -> flush().waiting().forEach((part, n) -> cb.call(n, part))).register(registry);
        gauge("dogdorm_flush_ok", "1 while the last flush was stored, 0 while flushes fail",
                cb -> cb.call(flush().ok() ? 1 : 0));
        gauge("dogdorm_incidents_open", "Incidents open now", cb -> cb.call(incidents.openCount()));
        gauge("dogdorm_flush_duration_seconds", "How long the last successful flush took", cb -> {
            var last = flush().lastGood();
            cb.call(last == null ? 0 : last.millis() / 1000.0);
        });
        gauge("dogdorm_last_flush_timestamp_seconds", "When the last successful flush ran", cb -> {
            var last = flush().lastGood();
            cb.call(last == null ? 0 : last.at().toEpochMilli() / 1000.0);
        });
        CounterWithCallback.builder().name("dogdorm_results_total").help("Results posted by workers")
                .labelNames("outcome").callback(cb -> {
                    Counts h = health();
                    cb.call(h.resultsAccepted(), "accepted");
                    cb.call(h.resultsRejected(), "rejected");
                }).register(registry);
        if (perTarget) {
            GaugeWithCallback.builder().name("dogdorm_probe_success").help("1 when the target is up now, else 0")
                    .labelNames("id", "kind", "family", "transport", "name").callback(cb -> {
                        List<TargetView> all = reads.targets();
                        for (TargetView t : all) {
                            cb.call(t.state() == State.UP ? 1 : 0, Long.toString(t.id()), t.kind().wire(),
                                    Integer.toString(t.family()), t.transport().wire(), t.name());
                        }
                    }).register(registry);
        }
    }

    /** Lets other parts of the dealer (heartbeats) add their own metrics. */
    public PrometheusRegistry registry() {
        return registry;
    }

    private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
    }

    public String contentType() {
        return writer.getContentType();
    }

    public synchronized void write(OutputStream out) throws IOException {
        health = dealer.counts();
        flush = flusher.health();
        try {
            writer.write(out, registry.scrape());
        } finally {
            health = null;
            flush = null;
        }
    }

    private FlushHealth flush() {
        FlushHealth f = flush;
        return f != null ? f : flusher.health();
    }

    /** The reading of this scrape; a fresh one when the registry is scraped some other way. */
    private Counts health() {
        Counts h = health;
        return h != null ? h : dealer.counts();
    }
}
