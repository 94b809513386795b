package dogdorm.dealer;

import java.nio.file.Path;
import java.time.Duration;

/** Everything the dealer is started with (from the command line, or built by tests). */
public record DealerConfig(String bind, int port, Path dataDir, Path listsDir, Duration interval,
                           Duration leaseTimeout, Duration flush, boolean allowPrivate, String workerToken,
                           Duration spread, Duration listScan) {

    public static DealerConfig defaults(Path dataDir, Path listsDir) {
        return new DealerConfig("127.0.0.1", 8000, dataDir, listsDir, Duration.ofHours(1), Duration.ofSeconds(120),
                Duration.ofSeconds(10), false, null, null, Duration.ofSeconds(2));
    }

    public DealerConfig withPort(int p) {
        return new DealerConfig(bind, p, dataDir, listsDir, interval, leaseTimeout, flush, allowPrivate, workerToken,
                spread, listScan);
    }

    public DealerConfig withInterval(Duration i) {
        return new DealerConfig(bind, port, dataDir, listsDir, i, leaseTimeout, flush, allowPrivate, workerToken,
                spread, listScan);
    }

    public DealerConfig withLeaseTimeout(Duration d) {
        return new DealerConfig(bind, port, dataDir, listsDir, interval, d, flush, allowPrivate, workerToken, spread,
                listScan);
    }

    public DealerConfig withFlush(Duration d) {
        return new DealerConfig(bind, port, dataDir, listsDir, interval, leaseTimeout, d, allowPrivate, workerToken,
                spread, listScan);
    }

    public DealerConfig withAllowPrivate(boolean b) {
        return new DealerConfig(bind, port, dataDir, listsDir, interval, leaseTimeout, flush, b, workerToken, spread,
                listScan);
    }

    public DealerConfig withWorkerToken(String t) {
        return new DealerConfig(bind, port, dataDir, listsDir, interval, leaseTimeout, flush, allowPrivate, t, spread,
                listScan);
    }

    public DealerConfig withSpread(Duration d) {
        return new DealerConfig(bind, port, dataDir, listsDir, interval, leaseTimeout, flush, allowPrivate,
                workerToken, d, listScan);
    }

    /** First checks of new targets are spread over this: the interval unless set. */
    public Duration effectiveSpread() {
        return spread != null ? spread : interval;
    }
}
