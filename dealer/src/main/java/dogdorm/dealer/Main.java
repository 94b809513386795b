package dogdorm.dealer;

import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.config.PostgresUrl;
import dogdorm.common.cli.Commands;
import dogdorm.common.cli.DurationConverter;
import dogdorm.common.cli.Secrets;
import dogdorm.common.cli.Signals;
import dogdorm.dealer.config.Defaults;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dogdorm dealer}: keeps the target table, deals check jobs, stores to SQLite, serves the pages. */
@Command(name = "dogdorm dealer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Keep the table of monitored targets, deal check jobs to workers over HTTP, "
                + "store it in SQLite, and serve the ranked /servers page and JSON API.",
        version = "dogdorm dealer 0.1.0")
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = "--port", defaultValue = Defaults.PORT, paramLabel = "N",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = Defaults.BIND, paramLabel = "ADDR",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--data", defaultValue = Defaults.DATA, paramLabel = "DIR",
            description = "Where the SQLite database lives (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--lists", defaultValue = Defaults.LISTS, paramLabel = "DIR",
            description = "Folder of CSV server lists, watched for changes (default: ${DEFAULT-VALUE}).")
    Path lists;

    @Option(names = "--interval", defaultValue = Defaults.INTERVAL,
            converter = DurationConverter.class, paramLabel = "D",
            description = "How often each target is checked (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--spread", converter = DurationConverter.class, paramLabel = "D",
            description = "First checks of new targets are spread over this (default: the interval).")
    Duration spread;

    @Option(names = "--lease-timeout", defaultValue = Defaults.LEASE_TIMEOUT, converter = DurationConverter.class,
            paramLabel = "D", description = "A job not answered within this is dealt again, or within its "
                    + "targets' own timeouts and 30s if that is longer (default: ${DEFAULT-VALUE}).")
    Duration leaseTimeout;

    @Option(names = "--flush", defaultValue = Defaults.FLUSH, converter = DurationConverter.class, paramLabel = "D",
            description = "How often changes are written to SQLite (default: ${DEFAULT-VALUE}).")
    Duration flush;

    @Option(names = "--fail-threshold", defaultValue = Defaults.FAIL_THRESHOLD, paramLabel = "N",
            description = "Consecutive failed checks before a target is declared down (default: ${DEFAULT-VALUE}).")
    int failThreshold;

    @Option(names = "--recover-threshold", defaultValue = Defaults.RECOVER_THRESHOLD, paramLabel = "N",
            description = "Consecutive good checks before a down target is declared up (default: ${DEFAULT-VALUE}).")
    int recoverThreshold;

    @Option(names = "--vantage", defaultValue = Defaults.VANTAGE, paramLabel = "K",
            description = "From how many distinct locations (workers' --location) each target is checked each round, "
                    + "unless its list row or file says (default: ${DEFAULT-VALUE}).")
    int vantage;

    @Option(names = "--quorum", paramLabel = "N",
            description = "How many of a target's locations must confirm it down for it to be down (default: a "
                    + "majority of its locations; fewer failing is a regional problem).")
    Integer quorum;

    @Option(names = "--retry-interval", defaultValue = Defaults.RETRY_INTERVAL,
            converter = DurationConverter.class, paramLabel = "D",
            description = "How soon a target whose state is in doubt (or whose check the worker could not run) "
                    + "is checked again (default: ${DEFAULT-VALUE}).")
    Duration retryInterval;

    @Option(names = "--import-retry", defaultValue = Defaults.IMPORT_RETRY,
            converter = DurationConverter.class, paramLabel = "D",
            description = "Wait before a failed candidate (STUN, TURN, MQTT, NTP row) is tried again; doubles "
                    + "each time, three tries in all (default: ${DEFAULT-VALUE}).")
    Duration importRetry;

    @Option(names = "--alias-interval", defaultValue = Defaults.ALIAS_INTERVAL,
            converter = DurationConverter.class, paramLabel = "D",
            description = "How often the lists' host names are resolved (default: ${DEFAULT-VALUE}).")
    Duration aliasInterval;

    @Option(names = "--alias-downtime", defaultValue = Defaults.ALIAS_DOWNTIME,
            converter = DurationConverter.class, paramLabel = "D",
            description = "A target follows its host name to a new address only after no success for this long "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration aliasDowntime;

    @Option(names = "--publish-credentials",
            description = "Put TURN passwords into /legacy (for P2PD clients of public TURN servers).")
    boolean publishCredentials;

    @Option(names = "--metrics-per-target",
            description = "Add a dogdorm_probe_success gauge per target to /metrics (large tables: large scrapes).")
    boolean metricsPerTarget;

    @Option(names = "--keepalive", paramLabel = "FILE",
            description = "A DO Keepalive config (its original JSON): watch each site's TCP port, reboot its droplet "
                    + "when it stays closed. Repeatable.")
    List<Path> keepalive = new ArrayList<>();

    @Option(names = "--keepalive-dir", paramLabel = "DIR", description = "Every *.conf in DIR is a keepalive config.")
    Path keepaliveDir;

    @Option(names = "--reboot-after", defaultValue = Defaults.REBOOT_AFTER, paramLabel = "N",
            description = "Consecutive failed checks before a droplet is rebooted (default: ${DEFAULT-VALUE}).")
    int rebootAfter;

    @Option(names = "--reboot-cooldown", defaultValue = Defaults.REBOOT_COOLDOWN, converter = DurationConverter.class,
            paramLabel = "D", description = "After a reboot, nothing more is done to the droplet for this long "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration rebootCooldown;

    @Option(names = "--digitalocean-api", defaultValue = Defaults.DIGITALOCEAN_API, paramLabel = "URL",
            description = "The DigitalOcean API (default: ${DEFAULT-VALUE}).")
    String digitaloceanApi;

    @Option(names = "--action-poll", defaultValue = Defaults.ACTION_POLL,
            converter = DurationConverter.class, paramLabel = "D",
            description = "How often a sent action's status is asked for (default: ${DEFAULT-VALUE}).")
    Duration actionPoll;

    @Option(names = "--dry-run", description = "Log the DigitalOcean requests remediation would send; send none.")
    boolean dryRun;

    @Option(names = "--notify", paramLabel = "URL",
            description = "Send events (target down/up, heartbeat down/up, remediation, flush failing) to this "
                    + "webhook: a JSON POST, or slack:URL, discord:URL, ntfy:URL. Repeatable. More receivers, e-mail "
                    + "and filters too, on /notifications.")
    List<String> notify = new ArrayList<>();

    @Option(names = "--allow-private",
            description = "Accept loopback, private and link-local addresses (home networks, tests).")
    boolean allowPrivate;

    @Option(names = "--worker-token", paramLabel = "T",
            description = "Require workers to send this Bearer token (or set DOGDORM_WORKER_TOKEN). "
                    + "Without it only loopback workers are served.")
    String workerToken;

    @Option(names = "--worker-token-file", paramLabel = "FILE", description = "Read the worker token from a file.")
    Path workerTokenFile;

    @Option(names = "--heartbeat-sweep", defaultValue = Defaults.HEARTBEAT_SWEEP,
            converter = DurationConverter.class, paramLabel = "D",
            description = "How often heartbeat tokens are checked for missed deadlines (default: ${DEFAULT-VALUE}).")
    Duration heartbeatSweep;

    @Option(names = "--admin-user", paramLabel = "NAME",
            description = "User name for the admin pages and API (/heartbeats, /notifications), with --admin-password-file "
                    + "(default: admin).")
    String adminUser;

    @Option(names = "--admin-password-file", paramLabel = "FILE",
            description = "Protect the admin pages and API with HTTP basic auth; the file holds the password. "
                    + "Required with a non-loopback --bind; without it the admin pages are open on loopback.")
    Path adminPasswordFile;

    @Option(names = "--store", paramLabel = "URL",
            description = "Keep the data in PostgreSQL instead of SQLite in --data: postgresql://user@host:5432/db "
                    + "(the password from --store-password-file or PGPASSWORD, never in the URL).")
    String store;

    @Option(names = "--store-password-file", paramLabel = "FILE", description = "The PostgreSQL password, from a file.")
    Path storePasswordFile;

    @Option(names = "--standby",
            description = "With --store: while another dealer leads on that database, answer 503 (standing by) "
                    + "and take over the moment it is gone.")
    boolean standBy;

    @Option(names = "--url", paramLabel = "URL",
            description = "Where workers and people reach this dealer (http://host:port), named by the dealers that "
                    + "stand by while it leads (default: --bind and the port; the host name with --bind 0.0.0.0).")
    String url;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        String token = secret(cmd, workerToken, workerTokenFile, "--worker-token-file", "DOGDORM_WORKER_TOKEN");
        String adminPassword = secret(cmd, null, adminPasswordFile, "--admin-password-file", null);
        String storePassword = secret(cmd, null, storePasswordFile, "--store-password-file", "PGPASSWORD");
        DealerConfig config;
        try {
            PostgresUrl storeUrl = store == null ? null : PostgresUrl.parse(store);
            config = DealerConfig.builder(data, lists).bind(bind).port(port).interval(interval)
                    .spread(spread).leaseTimeout(leaseTimeout).flush(flush).allowPrivate(allowPrivate)
                    .workerToken(token).failThreshold(failThreshold).recoverThreshold(recoverThreshold)
                    .retryInterval(retryInterval).importRetry(importRetry).aliasInterval(aliasInterval)
                    .aliasDowntime(aliasDowntime).publishCredentials(publishCredentials)
                    .metricsPerTarget(metricsPerTarget).keepalive(keepalive).keepaliveDir(keepaliveDir)
                    .notifyUrls(notify).digitaloceanApi(digitaloceanApi).rebootAfter(rebootAfter)
                    .rebootCooldown(rebootCooldown).dryRun(dryRun).actionPoll(actionPoll)
                    .heartbeatSweep(heartbeatSweep).admin(adminUser, adminPassword).vantage(vantage)
                    .quorum(quorum).store(storeUrl, storePassword).standBy(standBy).url(parseUrl(url)).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        DealerServer server = DealerServer.start(config);
        if (token == null && !DealerConfig.isLoopbackBind(bind)) {
            log.warn("listening on {} without --worker-token: only workers on this host are served", bind);
        }
        System.out.println("Dogdorm dealer: " + server.url() + "/servers");
        CountDownLatch stopped = new CountDownLatch(1);
        Signals.onStop("dealer", () -> {
            boolean stored = server.stop();
            stopped.countDown();
            return stored ? 0 : 1; // a final flush that failed lost changes: say so to the service manager
        });
        stopped.await();
        return 0;
    }

    private static URI parseUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url '" + url + "' is not a URL: " + e.getReason());
        }
    }

    private static String secret(CommandLine cmd, String value, Path file, String fileOption, String variable) {
        try {
            return Secrets.resolve(value, file, fileOption, System::getenv, variable);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(Commands.execute("dogdorm dealer", new Main(), args));
    }
}
