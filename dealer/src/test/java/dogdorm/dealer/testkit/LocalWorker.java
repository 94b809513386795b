package dogdorm.dealer.testkit;

import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.probe.Probes;
import dogdorm.worker.probe.Resolver;
import dogdorm.worker.run.ProbeRunner;
import dogdorm.worker.run.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** A real worker in the test's JVM: every kind, IPv4, 8 lanes, names resolved by {@code resolver}. */
public final class LocalWorker {
    private LocalWorker() {}

    /** Starts one against {@code dealerUrl}; {@code closer} stops it. */
    public static Worker start(Closer closer, String name, String dealerUrl, Resolver resolver) {
        Worker worker = new Worker(new Worker.Settings(name, null, List.of(4), List.of(Kind.values()), 8,
                Duration.ofSeconds(1), 10_000), new DealerClient(dealerUrl, null, Json.newMapper()),
                new ProbeRunner(Probes.standard(resolver)), new Random());
        worker.start();
        closer.keep(() -> worker.stop(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        return worker;
    }
}
