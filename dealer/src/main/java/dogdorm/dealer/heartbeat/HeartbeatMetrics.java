package dogdorm.dealer.heartbeat;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;

/**
 * {@code dogdorm_heartbeats{state}}: tokens by state now (every state, zeros included);
 * {@code dogdorm_heartbeat_pings_total{outcome}}: pings recorded, ignored (paused token) and unknown (404).
 */
public final class HeartbeatMetrics {
    private HeartbeatMetrics() {}

    public static void register(PrometheusRegistry registry, Heartbeats heartbeats) {
        GaugeWithCallback.builder().name("dogdorm_heartbeats").help("Heartbeat tokens by state")
                .labelNames("state").callback(cb -> heartbeats.counts()
                        .forEach((state, n) -> cb.call(n, state.wire()))).register(registry);
        CounterWithCallback.builder().name("dogdorm_heartbeat_pings").help("Heartbeat pings taken since start")
                .labelNames("outcome").callback(cb -> {
                    for (Map.Entry<String, Long> e : heartbeats.pingCounts().entrySet()) {
                        cb.call(e.getValue(), e.getKey());
                    }
                }).register(registry);
    }
}
