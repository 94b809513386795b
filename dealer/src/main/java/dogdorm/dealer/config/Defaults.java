package dogdorm.dealer.config;

/**
 * Every dealer option's default, once: the command line shows and uses these ({@code defaultValue} of its options),
 * and {@link DealerConfig.Builder} starts from them, so tests, the launcher and the docs agree. Durations are in
 * the project's syntax ({@code 30s}, {@code 1h30m}).
 */
public final class Defaults {
    private Defaults() {}

    public static final String PORT = "8000";
    public static final String BIND = "127.0.0.1";
    public static final String DATA = "./data";
    public static final String LISTS = "./server_lists";
    public static final String INTERVAL = "1h";
    public static final String LEASE_TIMEOUT = "120s";
    public static final String FLUSH = "10s";
    public static final String LIST_SCAN = "2s";
    public static final String FAIL_THRESHOLD = "2";
    public static final String RECOVER_THRESHOLD = "1";
    public static final String RETRY_INTERVAL = "10s";
    public static final String IMPORT_RETRY = "10m";
    public static final String ALIAS_INTERVAL = "30m";
    public static final String ALIAS_DOWNTIME = "20m";
    public static final String REBOOT_AFTER = "3";
    public static final String REBOOT_COOLDOWN = "15m";
    public static final String DIGITALOCEAN_API = "https://api.digitalocean.com";
    public static final String ACTION_POLL = "5s";
    public static final String HEARTBEAT_SWEEP = "10s";
    public static final String ADMIN_USER = "admin";
    /** From how many locations each target is checked each round, unless its row or file says. */
    public static final String VANTAGE = "1";

    /** The shortest --lease-timeout: a probe takes up to its timeout, 5 s unless its row says otherwise. */
    public static final String MIN_LEASE_TIMEOUT = "5s";
}
