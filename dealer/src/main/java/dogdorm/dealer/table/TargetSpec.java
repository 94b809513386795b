package dogdorm.dealer.table;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a target is (as opposed to how it is doing): where it came from ({@link Source}, null when unknown) and how
 * to check it. {@code ip} may be null when a host name is given (the worker resolves it); {@code group} names
 * targets dealt together as one job (null: the target is its own group); {@code interval} null means the dealer's
 * {@code --interval}; {@code candidate} is the id of the list row (candidate) a validation found this service in,
 * or null; {@code vantage} is how many locations check it each round (null: the dealer's {@code --vantage});
 * {@code tags} are a person's words for grouping targets ({@link Tags}: checked, lowered, sorted).
 */
public record TargetSpec(Kind kind, int family, Transport transport, String host, String ip, int port, String user,
                         String password, String group, Source source, Duration interval, Integer timeoutMs,
                         Map<String, String> options, Long candidate, Integer vantage, List<String> tags) {
    /** The most locations a target may ask for. */
    public static final int MAX_VANTAGE = 16;

    public TargetSpec(Kind kind, int family, Transport transport, String host, String ip, int port, String user,
                      String password, String group, Source source, Duration interval, Integer timeoutMs,
                      Map<String, String> options, Long candidate, Integer vantage) {
        this(kind, family, transport, host, ip, port, user, password, group, source, interval, timeoutMs, options,
                candidate, vantage, List.of());
    }

    public TargetSpec(Kind kind, int family, Transport transport, String host, String ip, int port, String user,
                      String password, String group, Source source, Duration interval, Integer timeoutMs,
                      Map<String, String> options, Long candidate) {
        this(kind, family, transport, host, ip, port, user, password, group, source, interval, timeoutMs, options,
                candidate, null);
    }

    public TargetSpec(Kind kind, int family, Transport transport, String host, String ip, int port, String user,
                      String password, String group, Source source, Duration interval, Integer timeoutMs,
                      Map<String, String> options) {
        this(kind, family, transport, host, ip, port, user, password, group, source, interval, timeoutMs, options,
                null);
    }

    public TargetSpec {
        if (kind == null) throw new IllegalArgumentException("kind: missing");
        if (family != 4 && family != 6) throw new IllegalArgumentException("family: " + family + " is not 4 or 6");
        transport = transport == null ? kind.defaultTransport() : transport;
        host = blankToNull(host);
        ip = blankToNull(ip);
        if (host == null && ip == null) throw new IllegalArgumentException("neither ip nor host given");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        if (kind.needsPort() && port == 0) throw new IllegalArgumentException("port 0: a " + kind + " target needs a port");
        user = blankToNull(user);
        password = blankToNull(password);
        group = blankToNull(group);
        options = options == null ? Map.of() : Map.copyOf(options);
        if (vantage != null && (vantage < 1 || vantage > MAX_VANTAGE)) {
            throw new IllegalArgumentException("vantage: " + vantage + " is outside 1.." + MAX_VANTAGE);
        }
        tags = Tags.of(tags, "tags");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static TargetSpec simple(Kind kind, int family, String ip, int port, Source source) {
        return new TargetSpec(kind, family, null, null, ip, port, null, null, null, source, null, null, null);
    }

    public TargetSpec withIp(String newIp) {
        return new TargetSpec(kind, family, transport, host, newIp, port, user, password, group, source, interval,
                timeoutMs, options, candidate, vantage, tags);
    }

    public TargetSpec withSource(Source newSource) {
        return new TargetSpec(kind, family, transport, host, ip, port, user, password, group, newSource, interval,
                timeoutMs, options, candidate, vantage, tags);
    }

    /** The same target checked from {@code k} locations each round (null: the dealer's default). */
    public TargetSpec withVantage(Integer k) {
        return new TargetSpec(kind, family, transport, host, ip, port, user, password, group, source, interval,
                timeoutMs, options, candidate, k, tags);
    }

    /** The same target with other tags. */
    public TargetSpec withTags(List<String> newTags) {
        return new TargetSpec(kind, family, transport, host, ip, port, user, password, group, source, interval,
                timeoutMs, options, candidate, vantage, newTags);
    }

    /** What a person calls it: the host name if there is one, else the ip. */
    public String name() {
        return host != null ? host : ip;
    }

    /** The file it came from ("tcp_v4.csv" for "tcp_v4.csv:12"), or null. */
    public String sourceFile() {
        return source == null ? null : source.file();
    }

    /** Whether it was added in the UI or the API (not a list file's row): only those are edited there. */
    public boolean fromUi() {
        return source != null && source.isUi();
    }

    /** Where it came from as pages, JSON and the store show it ("tcp_v4.csv:12"), or null. */
    public String sourceText() {
        return source == null ? null : source.toString();
    }

    @Override
    public String toString() {
        return TargetKey.of(this) + (password != null ? " (with credentials)" : "") + " from " + source;
    }
}
