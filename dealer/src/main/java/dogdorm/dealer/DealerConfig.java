package dogdorm.dealer;

import dogdorm.common.Addresses;
import dogdorm.dealer.http.AdminAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the dealer is started with, from the command line ({@link Main}) or built by tests. Immutable;
 * {@link #builder} gives the defaults the command line documents.
 */
public final class DealerConfig {
    private final String bind;
    private final int port;
    private final Path dataDir;
    private final Path listsDir;
    private final Duration interval;
    private final Duration leaseTimeout;
    private final Duration flush;
    private final boolean allowPrivate;
    private final String workerToken;
    private final Duration spread;
    private final Duration listScan;
    private final int failThreshold;
    private final int recoverThreshold;
    private final Duration retryInterval;
    private final Duration importRetry;
    private final Duration aliasInterval;
    private final Duration aliasDowntime;
    private final boolean publishCredentials;
    private final boolean metricsPerTarget;
    private final List<Path> keepalive;
    private final Path keepaliveDir;
    private final List<String> notify;
    private final String digitaloceanApi;
    private final int rebootAfter;
    private final Duration rebootCooldown;
    private final boolean dryRun;
    private final Duration actionPoll;
    private final Duration heartbeatSweep;
    private final String adminUser;
    private final String adminPassword;

    private DealerConfig(Builder b) {
        this.bind = b.bind;
        this.port = b.port;
        this.dataDir = Objects.requireNonNull(b.dataDir);
        this.listsDir = Objects.requireNonNull(b.listsDir);
        this.interval = b.interval;
        this.leaseTimeout = b.leaseTimeout;
        this.flush = b.flush;
        this.allowPrivate = b.allowPrivate;
        this.workerToken = b.workerToken;
        this.spread = b.spread;
        this.listScan = b.listScan;
        this.failThreshold = b.failThreshold;
        this.recoverThreshold = b.recoverThreshold;
        this.retryInterval = b.retryInterval;
        this.importRetry = b.importRetry;
        this.aliasInterval = b.aliasInterval;
        this.aliasDowntime = b.aliasDowntime;
        this.publishCredentials = b.publishCredentials;
        this.metricsPerTarget = b.metricsPerTarget;
        this.keepalive = List.copyOf(b.keepalive);
        this.keepaliveDir = b.keepaliveDir;
        this.notify = List.copyOf(b.notify);
        this.digitaloceanApi = b.digitaloceanApi;
        this.rebootAfter = b.rebootAfter;
        this.rebootCooldown = b.rebootCooldown;
        this.dryRun = b.dryRun;
        this.actionPoll = b.actionPoll;
        if (rebootAfter < 1) {
            throw new IllegalArgumentException("--reboot-after must be at least 1");
        }
        this.heartbeatSweep = b.heartbeatSweep;
        this.adminUser = b.adminUser;
        this.adminPassword = b.adminPassword;
        if (!"localhost".equals(bind) && !Addresses.isLiteral(bind)) {
            throw new IllegalArgumentException("--bind '" + bind + "' is not an IP address to listen on "
                    + "(e.g. 127.0.0.1, 0.0.0.0 or ::)");
        }
        String refused = AdminAuth.requiredFor(bind, adminPassword != null);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        if (failThreshold < 1 || recoverThreshold < 1) {
            throw new IllegalArgumentException("--fail-threshold and --recover-threshold must be at least 1");
        }
    }

    public static Builder builder(Path dataDir, Path listsDir) {
        return new Builder(dataDir, listsDir);
    }

    public String bind() { return bind; }
    public int port() { return port; }
    public Path dataDir() { return dataDir; }
    public Path listsDir() { return listsDir; }
    public Duration interval() { return interval; }
    public Duration leaseTimeout() { return leaseTimeout; }
    public Duration flush() { return flush; }
    public boolean allowPrivate() { return allowPrivate; }
    public String workerToken() { return workerToken; }
    public Duration listScan() { return listScan; }
    public int failThreshold() { return failThreshold; }
    public int recoverThreshold() { return recoverThreshold; }
    public Duration retryInterval() { return retryInterval; }
    public Duration importRetry() { return importRetry; }
    public Duration aliasInterval() { return aliasInterval; }
    public Duration aliasDowntime() { return aliasDowntime; }
    public boolean publishCredentials() { return publishCredentials; }
    public boolean metricsPerTarget() { return metricsPerTarget; }
    public List<Path> keepalive() { return keepalive; }
    public Path keepaliveDir() { return keepaliveDir; }
    public List<String> notifyUrls() { return notify; }
    public String digitaloceanApi() { return digitaloceanApi; }
    public int rebootAfter() { return rebootAfter; }
    public Duration rebootCooldown() { return rebootCooldown; }
    public boolean dryRun() { return dryRun; }
    public Duration actionPoll() { return actionPoll; }
    public Duration heartbeatSweep() { return heartbeatSweep; }
    public String adminUser() { return adminUser; }
    /** The admin password, or null (admin pages open, loopback only). Package-private: never printed. */
    String adminPassword() { return adminPassword; }

    /** First checks of new targets are spread over this: the interval unless set. */
    public Duration spread() {
        return spread != null ? spread : interval;
    }

    /** Builds a {@link DealerConfig}; starts from the documented defaults. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int port = 8000;
        private Path dataDir;
        private Path listsDir;
        private Duration interval = Duration.ofHours(1);
        private Duration leaseTimeout = Duration.ofSeconds(120);
        private Duration flush = Duration.ofSeconds(10);
        private boolean allowPrivate;
        private String workerToken;
        private Duration spread;
        private Duration listScan = Duration.ofSeconds(2);
        private int failThreshold = 2;
        private int recoverThreshold = 1;
        private Duration retryInterval = Duration.ofMinutes(1);
        private Duration importRetry = Duration.ofMinutes(10);
        private Duration aliasInterval = Duration.ofMinutes(30);
        private Duration aliasDowntime = Duration.ofMinutes(20);
        private boolean publishCredentials;
        private boolean metricsPerTarget;
        private List<Path> keepalive = new ArrayList<>();
        private Path keepaliveDir;
        private List<String> notify = new ArrayList<>();
        private String digitaloceanApi = "https://api.digitalocean.com";
        private int rebootAfter = 3;
        private Duration rebootCooldown = Duration.ofMinutes(15);
        private boolean dryRun;
        private Duration actionPoll = Duration.ofSeconds(5);
        private Duration heartbeatSweep = Duration.ofSeconds(10);
        private String adminUser = "admin";
        private String adminPassword;

        private Builder(Path dataDir, Path listsDir) {
            this.dataDir = dataDir;
            this.listsDir = listsDir;
        }

        public Builder bind(String v) { bind = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder interval(Duration v) { interval = v; return this; }
        public Builder leaseTimeout(Duration v) { leaseTimeout = v; return this; }
        public Builder flush(Duration v) { flush = v; return this; }
        public Builder allowPrivate(boolean v) { allowPrivate = v; return this; }
        public Builder workerToken(String v) { workerToken = v; return this; }
        /** Null means "the interval". */
        public Builder spread(Duration v) { spread = v; return this; }
        public Builder listScan(Duration v) { listScan = v; return this; }
        public Builder failThreshold(int v) { failThreshold = v; return this; }
        public Builder recoverThreshold(int v) { recoverThreshold = v; return this; }
        public Builder retryInterval(Duration v) { retryInterval = v; return this; }
        public Builder importRetry(Duration v) { importRetry = v; return this; }
        public Builder aliasInterval(Duration v) { aliasInterval = v; return this; }
        public Builder aliasDowntime(Duration v) { aliasDowntime = v; return this; }
        public Builder publishCredentials(boolean v) { publishCredentials = v; return this; }
        public Builder metricsPerTarget(boolean v) { metricsPerTarget = v; return this; }
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
        /** Basic-auth credentials for the admin pages; a null password leaves them open (loopback only). */
        public Builder admin(String user, String password) {
            adminUser = user == null ? "admin" : user;
            adminPassword = password;
            return this;
        }

        public DealerConfig build() {
            return new DealerConfig(this);
        }
    }
}
