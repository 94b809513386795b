package dogdorm.worker;

import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.cli.Commands;
import dogdorm.common.cli.DurationConverter;
import dogdorm.common.cli.Secrets;
import dogdorm.common.cli.Signals;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.probe.DnsResolver;
import dogdorm.worker.probe.Probes;
import dogdorm.worker.probe.Resolver;
import dogdorm.worker.run.ProbeRunner;
import dogdorm.worker.run.Worker;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dogdorm worker}: pulls check jobs from a dealer and runs them, one probe per lane. */
@Command(name = "dogdorm worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pull check jobs from a dealer, run one probe at a time per lane, post the results back.",
        version = "dogdorm worker 0.1.0")
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = "--dealer", defaultValue = "http://127.0.0.1:8000", paramLabel = "URL",
            description = "The dealer's base URL, or several separated by commas: the worker uses the one that "
                    + "answers, passing over one that is unreachable or answers 503, and follows a redirect to "
                    + "another listed one (default: ${DEFAULT-VALUE}). When every one answers 404 to the worker API "
                    + "(a page's URL such as .../servers, or another program), the worker stops with exit status 2.")
    String dealer;

    @Option(names = "--token", paramLabel = "T", description = "Worker token, sent as a Bearer token "
            + "(or set DOGDORM_WORKER_TOKEN; the dealer's --worker-token).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the worker token from this file.")
    Path tokenFile;

    @Option(names = "--lanes", defaultValue = "16", paramLabel = "N",
            description = "Concurrent checks, one job per lane (default: ${DEFAULT-VALUE}).")
    int lanes;

    @Option(names = "--location", paramLabel = "L", description = "Where this worker runs, e.g. ams (optional).")
    String location;

    @Option(names = "--name", paramLabel = "NAME", description = "This worker's name (default: host-pid).")
    String name;

    @Option(names = "--families", split = ",", defaultValue = "4,6", paramLabel = "4,6",
            description = "Address families this host can reach (default: ${DEFAULT-VALUE}).")
    List<Integer> families;

    @Option(names = "--kinds", split = ",", paramLabel = "KIND",
            description = "Only these kinds of check (default: every kind this worker can probe).")
    List<String> kinds;

    @Option(names = "--long-poll", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "D",
            description = "How long the dealer may hold a work request open when nothing is due "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration longPoll;

    @Option(names = "--buffer", defaultValue = "100000", paramLabel = "N",
            description = "Results kept while the dealer is unreachable (default: ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--resolver", paramLabel = "IP[:PORT]",
            description = "The DNS server that resolves targets' host names, e.g. 192.0.2.53, 127.0.0.1:5353 or "
                    + "[::1]:5353 (default: the system's servers, from /etc/resolv.conf). Nothing is cached: a "
                    + "name that moves is seen at the next check.")
    String resolverAddress;

    @Option(names = "--dns-name", defaultValue = "example.com", paramLabel = "NAME",
            description = "The name DNS checks ask for when a target names none (default: ${DEFAULT-VALUE}).")
    String dnsName;

    @Option(names = "--resolver-timeout", defaultValue = "3s", converter = DurationConverter.class,
            paramLabel = "D", description = "How long one host name lookup may take (default: ${DEFAULT-VALUE}).")
    Duration resolverTimeout;

    @Override
    public Integer call() throws Exception {
        String workerToken;
        try {
            workerToken = Secrets.resolve(token, tokenFile, "--token-file", System::getenv, "DOGDORM_WORKER_TOKEN");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        for (Integer f : families) {
            if (f != 4 && f != 6) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--families: " + f + " is not an address family (4 or 6)");
            }
        }
        Resolver resolver = resolver();
        log.info("resolving host names with {}", resolver);
        Probes probes = Probes.standard(resolver, dnsName);
        List<Kind> wanted = new ArrayList<>();
        if (kinds == null || kinds.isEmpty()) {
            wanted.addAll(probes.kinds());
        } else {
            for (String k : kinds) {
                Kind kind;
                try {
                    kind = Kind.parse(k);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--kinds: " + e.getMessage());
                }
                if (probes.get(kind) == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--kinds: this worker has no probe for " + kind);
                }
                wanted.add(kind);
            }
        }
        if (longPoll.toMillis() > 30_000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--long-poll: at most 30s");
        }
        String workerName = name != null ? name
                : InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        DealerClient client = new DealerClient(dealer, workerToken, Json.newMapper());
        Worker worker = new Worker(new Worker.Settings(workerName, location, families, wanted, lanes, longPoll,
                buffer), client, new ProbeRunner(probes), new Random());
        CountDownLatch stopped = new CountDownLatch(1);
        Signals.onStop("worker", () -> {
            try {
                worker.stop(Duration.ofSeconds(30), Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
            stopped.countDown();
        });
        worker.gaveUp().thenRun(stopped::countDown);
        worker.start();
        stopped.await();
        String why = worker.gaveUp().getNow(null);
        if (why != null) {
            // a wrong --dealer: no retry mends it, and a service manager should not restart it (exit status 2)
            worker.stop(Duration.ofSeconds(5), Duration.ofSeconds(1));
            client.close();
            System.err.println("dogdorm worker: " + why);
            return 2;
        }
        return 0;
    }

    /** The resolver every probe uses: {@code --resolver}, else the system's DNS servers, both through dnsjava. */
    Resolver resolver() {
        try {
            return resolverAddress != null ? DnsResolver.at(resolverAddress, resolverTimeout)
                    : DnsResolver.system(resolverTimeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--resolver: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    e.getMessage() + ": give one with --resolver IP[:PORT]");
        }
    }

    public static void main(String[] args) {
        System.exit(Commands.execute("dogdorm worker", new Main(), args));
    }
}
