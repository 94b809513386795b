package dogdorm.dealer.http;

import dogdorm.common.Addresses;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many heartbeat pings with unknown tokens one client address may send: {@link #PER_MINUTE} within a minute of
 * the first, then every ping from that address is refused (429 with {@code Retry-After}) until that minute is over.
 * Every ping, a known token's too: were those still answered, the answers would still tell a good guess from a bad
 * one. An IPv6 client counts by its /64, the block one host usually holds. The first refusal of each minute is
 * logged at WARN with the address and the count, never a token (at most one line a minute per address); refusals
 * are counted in {@code /metrics}. At most {@link #MAX_ADDRESSES} addresses are remembered, the longest quiet
 * forgotten first.
 */
public final class UnknownTokenLimit {
    public static final int PER_MINUTE = 30;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;
    private static final Logger log = LoggerFactory.getLogger(UnknownTokenLimit.class);

    private final Clock clock;
    private final RateLimitedLog warnings;
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, Window> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** One address's minute: when its first unknown token came, and how many came since. */
    private static final class Window {
        final Instant start;
        int unknown;

        Window(Instant start) {
            this.start = start;
        }
    }

    public UnknownTokenLimit(Clock clock) {
        this(clock, log);
    }

    /** @param log where the warnings go (tests read them) */
    UnknownTokenLimit(Clock clock, Logger log) {
        this.clock = clock;
        this.warnings = new RateLimitedLog(log, clock, WINDOW);
    }

    /**
     * Whether a ping from {@code address} is refused now, asked before its token is looked up: the seconds until it
     * may ping again (at least 1), or 0 when it may ping now.
     */
    public long refusedFor(String address) {
        String key = key(address);
        Instant now = clock.instant();
        Instant end;
        int unknown;
        synchronized (this) {
            Window w = windows.get(key);
            if (w == null || !now.isBefore(w.start.plus(WINDOW)) || w.unknown < PER_MINUTE) {
                return 0;
            }
            end = w.start.plus(WINDOW);
            unknown = w.unknown;
        }
        refused.incrementAndGet();
        warnings.warn(key, "heartbeat pings: " + unknown + " with unknown tokens from " + key + " within a minute: "
                + "its pings are refused (429) until " + end.truncatedTo(ChronoUnit.SECONDS));
        return Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
    }

    /** Counts a ping from {@code address} whose token is unknown. */
    public void unknown(String address) {
        String key = key(address);
        Instant now = clock.instant();
        synchronized (this) {
            Window w = windows.get(key);
            if (w == null || !now.isBefore(w.start.plus(WINDOW))) {
                w = new Window(now);
                windows.put(key, w);
            }
            w.unknown++;
        }
    }

    /** Pings refused so far. */
    public long refused() {
        return refused.get();
    }

    /** {@code dogdorm_heartbeat_pings_refused_total}: pings refused with 429. */
    public void register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("dogdorm_heartbeat_pings_refused")
                .help("Heartbeat pings refused (429) because their address sent more than " + PER_MINUTE
                        + " unknown tokens within a minute")
                .callback(cb -> cb.call(refused.get())).register(registry);
    }

    /** The address as counted: an IPv4 address, or an IPv6 address's /64 ({@code 2001:db8:1:2::/64}). */
    static String key(String address) {
        InetAddress a;
        try {
            a = Addresses.parse(address);
        } catch (IllegalArgumentException e) {
            return String.valueOf(address); // not from a socket, then: count it as it is
        }
        if (a instanceof Inet6Address) {
            byte[] b = Arrays.copyOf(a.getAddress(), 16);
            Arrays.fill(b, 8, 16, (byte) 0);
            try {
                return Addresses.canonical(InetAddress.getByAddress(b)) + "/64";
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return Addresses.canonical(a);
    }
}
