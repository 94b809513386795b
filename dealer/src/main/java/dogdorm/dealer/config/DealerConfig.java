package dogdorm.dealer.config;

import dogdorm.common.Addresses;
import dogdorm.common.Durations;
import dogdorm.dealer.table.TargetSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the dealer is started with, from the command line or built by tests: immutable, and checked here, in
 * one place, with messages that name the option. {@link #builder()} starts from {@link Defaults}.
 *
 * @param spread        first checks of new targets are spread over this; null: the interval
 * @param workerToken   workers must send it as a Bearer token; null: only loopback workers are served
 * @param adminPassword null: the admin pages are open, to loopback only; never printed ({@link #toString()})
 * @param store         null: SQLite in the data folder; else the PostgreSQL database to use
 * @param storePassword the PostgreSQL password (from a file or PGPASSWORD), or null; never printed
 * @param standBy       with a PostgreSQL store: wait for the leading dealer to go, then lead (else refuse to start)
 * @param url           where workers and people reach this dealer (named by dealers standing by); null: derived
 *                      from --bind and the port
 */
public record DealerConfig(String bind, int port, Path dataDir, Path listsDir, Duration interval, Duration spread,
                           Duration leaseTimeout, Duration flush, Duration listScan, int failThreshold,
                           int recoverThreshold, Duration retryInterval, Duration importRetry, Duration aliasInterval,
                           Duration aliasDowntime, boolean allowPrivate, boolean publishCredentials,
                           boolean metricsPerTarget, String workerToken, List<Path> keepalive, Path keepaliveDir,
                           List<String> notifyUrls, String digitaloceanApi, int rebootAfter, Duration rebootCooldown,
                           boolean dryRun, Duration actionPoll, Duration heartbeatSweep, String adminUser,
                           String adminPassword, int vantage, Integer quorum, PostgresUrl store,
                           String storePassword, boolean standBy, URI url) {

    public DealerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(listsDir, "listsDir");
        keepalive = List.copyOf(keepalive);
        notifyUrls = List.copyOf(notifyUrls);
        adminUser = adminUser == null ? Defaults.ADMIN_USER : adminUser;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: " + port + " is outside 0..65535");
        }
        if (!"localhost".equals(bind) && !Addresses.isLiteral(bind)) {
            throw new IllegalArgumentException("--bind '" + bind + "' is not an IP address to listen on "
                    + "(e.g. 127.0.0.1, 0.0.0.0 or ::)");
        }
        positive("--interval", interval);
        positive("--lease-timeout", leaseTimeout);
        positive("--flush", flush);
        positive("--list-scan", listScan);
        positive("--retry-interval", retryInterval);
        positive("--import-retry", importRetry);
        positive("--alias-interval", aliasInterval);
        positive("--alias-downtime", aliasDowntime);
        positive("--reboot-cooldown", rebootCooldown);
        positive("--action-poll", actionPoll);
        positive("--heartbeat-sweep", heartbeatSweep);
        if (spread != null) {
            positive("--spread", spread);
        }
        if (leaseTimeout.compareTo(Durations.parse(Defaults.MIN_LEASE_TIMEOUT)) < 0) {
            throw new IllegalArgumentException("--lease-timeout: at least " + Defaults.MIN_LEASE_TIMEOUT
                    + " (probes take up to 5s)");
        }
        if (failThreshold < 1 || recoverThreshold < 1) {
            throw new IllegalArgumentException("--fail-threshold and --recover-threshold must be at least 1");
        }
        if (vantage < 1 || vantage > TargetSpec.MAX_VANTAGE) {
            throw new IllegalArgumentException("--vantage: " + vantage + " is outside 1.." + TargetSpec.MAX_VANTAGE);
        }
        if (quorum != null && (quorum < 1 || quorum > TargetSpec.MAX_VANTAGE)) {
            throw new IllegalArgumentException("--quorum: " + quorum + " is outside 1.." + TargetSpec.MAX_VANTAGE
                    + " (leave it out for a majority of each target's locations)");
        }
        if (standBy && store == null) {
            throw new IllegalArgumentException("--standby needs --store postgresql://...: dealers share the work "
                    + "through a database, not a SQLite file");
        }
        if (url != null && (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
                || url.getHost() == null || url.getRawUserInfo() != null || url.getRawQuery() != null
                || url.getRawFragment() != null)) {
            throw new IllegalArgumentException("--url '" + url + "' is not an http(s)://host[:port] address (no user, "
                    + "query or fragment): the address workers and people reach this dealer at");
        }
        if (rebootAfter < 1) {
            throw new IllegalArgumentException("--reboot-after must be at least 1");
        }
        if (workerToken != null && workerToken.isBlank()) {
            throw new IllegalArgumentException("--worker-token is empty: workers could not send it (give a token, "
                    + "or leave the option out to serve only workers on this host)");
        }
        if (adminPassword == null && !isLoopbackBind(bind)) {
            throw new IllegalArgumentException("--bind " + bind + " is not a loopback address, and the heartbeat "
                    + "admin pages (/heartbeats, /api/heartbeats) would be open to the network: give --admin-user "
                    + "and --admin-password-file, or bind to 127.0.0.1");
        }
    }

    private static void positive(String option, Duration d) {
        Objects.requireNonNull(d, option);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + ": " + Durations.format(d) + " is not a positive duration");
        }
    }

    /** Whether a --bind value is a loopback address ({@code localhost} or a literal; names are not resolved). */
    public static boolean isLoopbackBind(String bind) {
        if (bind == null || bind.isBlank()) {
            return false;
        }
        String b = bind.strip();
        return b.equals("localhost") || Addresses.isLiteral(b) && Addresses.parse(b).isLoopbackAddress();
    }

    /** First checks of new targets are spread over this: the interval unless set. */
    public Duration spreadOrInterval() {
        return spread != null ? spread : interval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with the data and lists folders set. */
    public static Builder builder(Path dataDir, Path listsDir) {
        return new Builder().data(dataDir).lists(listsDir);
    }

    /** Never the worker token or the admin password: this may be logged. */
    @Override
    public String toString() {
        return "DealerConfig[bind=" + bind + ", port=" + port + ", data=" + dataDir + ", lists=" + listsDir
                + (store == null ? "" : ", store=" + store)
                + ", interval=" + Durations.format(interval) + "]";
    }

    /** Builds a {@link DealerConfig}; starts from {@link Defaults}. */
    public static final class Builder {
        private String bind = Defaults.BIND;
        private int port = Integer.parseInt(Defaults.PORT);
        private Path dataDir = Path.of(Defaults.DATA);
        private Path listsDir = Path.of(Defaults.LISTS);
        private Duration interval = Durations.parse(Defaults.INTERVAL);
        private Duration spread;
        private Duration leaseTimeout = Durations.parse(Defaults.LEASE_TIMEOUT);
        private Duration flush = Durations.parse(Defaults.FLUSH);
        private Duration listScan = Durations.parse(Defaults.LIST_SCAN);
        private int failThreshold = Integer.parseInt(Defaults.FAIL_THRESHOLD);
        private int recoverThreshold = Integer.parseInt(Defaults.RECOVER_THRESHOLD);
        private Duration retryInterval = Durations.parse(Defaults.RETRY_INTERVAL);
        private Duration importRetry = Durations.parse(Defaults.IMPORT_RETRY);
        private Duration aliasInterval = Durations.parse(Defaults.ALIAS_INTERVAL);
        private Duration aliasDowntime = Durations.parse(Defaults.ALIAS_DOWNTIME);
        private boolean allowPrivate;
        private boolean publishCredentials;
        private boolean metricsPerTarget;
        private String workerToken;
        private List<Path> keepalive = new ArrayList<>();
        private Path keepaliveDir;
        private List<String> notify = new ArrayList<>();
        private String digitaloceanApi = Defaults.DIGITALOCEAN_API;
        private int rebootAfter = Integer.parseInt(Defaults.REBOOT_AFTER);
        private Duration rebootCooldown = Durations.parse(Defaults.REBOOT_COOLDOWN);
        private boolean dryRun;
        private Duration actionPoll = Durations.parse(Defaults.ACTION_POLL);
        private Duration heartbeatSweep = Durations.parse(Defaults.HEARTBEAT_SWEEP);
        private String adminUser;
        private String adminPassword;
        private int vantage = Integer.parseInt(Defaults.VANTAGE);
        private Integer quorum;
        private PostgresUrl store;
        private String storePassword;
        private boolean standBy;
        private URI url;

        private Builder() {}

        public Builder data(Path v) { dataDir = v; return this; }
        public Builder lists(Path v) { listsDir = v; return this; }
        public Builder bind(String v) { bind = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder interval(Duration v) { interval = v; return this; }
        /** Null means "the interval". */
        public Builder spread(Duration v) { spread = v; return this; }
        public Builder leaseTimeout(Duration v) { leaseTimeout = v; return this; }
        public Builder flush(Duration v) { flush = v; return this; }
        public Builder listScan(Duration v) { listScan = v; return this; }
        public Builder failThreshold(int v) { failThreshold = v; return this; }
        public Builder recoverThreshold(int v) { recoverThreshold = v; return this; }
        public Builder retryInterval(Duration v) { retryInterval = v; return this; }
        public Builder importRetry(Duration v) { importRetry = v; return this; }
        public Builder aliasInterval(Duration v) { aliasInterval = v; return this; }
        public Builder aliasDowntime(Duration v) { aliasDowntime = v; return this; }
        public Builder allowPrivate(boolean v) { allowPrivate = v; return this; }
        public Builder publishCredentials(boolean v) { publishCredentials = v; return this; }
        public Builder metricsPerTarget(boolean v) { metricsPerTarget = v; return this; }
        public Builder workerToken(String v) { workerToken = v; return this; }
        public Builder keepalive(List<Path> v) { keepalive = new ArrayList<>(v); return this; }
        public Builder keepaliveDir(Path v) { keepaliveDir = v; return this; }
        public Builder notifyUrls(List<String> v) { notify = new ArrayList<>(v); return this; }
        public Builder digitaloceanApi(String v) { digitaloceanApi = v; return this; }
        public Builder rebootAfter(int v) { rebootAfter = v; return this; }
        public Builder rebootCooldown(Duration v) { rebootCooldown = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        /** How often a sent action's status is asked for (tests make it short). */
        public Builder actionPoll(Duration v) { actionPoll = v; return this; }
        public Builder heartbeatSweep(Duration v) { heartbeatSweep = v; return this; }
        public Builder vantage(int v) { vantage = v; return this; }
        /** Null: a majority of each target's locations. */
        public Builder quorum(Integer v) { quorum = v; return this; }
        /** A PostgreSQL database instead of SQLite in the data folder (null: SQLite), with its password or null. */
        public Builder store(PostgresUrl url, String password) { store = url; storePassword = password; return this; }
        public Builder standBy(boolean v) { standBy = v; return this; }
        public Builder url(URI v) { url = v; return this; }

        /** Basic-auth credentials for the admin pages; a null password leaves them open (loopback only). */
        public Builder admin(String user, String password) {
            if (user != null && password == null) {
                throw new IllegalArgumentException("--admin-user needs --admin-password-file");
            }
            adminUser = user;
            adminPassword = password;
            return this;
        }

        public DealerConfig build() {
            return new DealerConfig(bind, port, dataDir, listsDir, interval, spread, leaseTimeout, flush, listScan,
                    failThreshold, recoverThreshold, retryInterval, importRetry, aliasInterval, aliasDowntime,
                    allowPrivate, publishCredentials, metricsPerTarget, workerToken, keepalive, keepaliveDir, notify,
                    digitaloceanApi, rebootAfter, rebootCooldown, dryRun, actionPoll, heartbeatSweep, adminUser,
                    adminPassword, vantage, quorum, store, storePassword, standBy, url);
        }
    }
}
