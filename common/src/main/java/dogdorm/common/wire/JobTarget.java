package dogdorm.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.Map;

/**
 * What a worker needs to check one target. {@code ip} may be null when only {@code host} is known (the worker
 * resolves it); {@code port} is 0 for ICMP. {@code options} carries protocol settings (e.g. an MQTT version).
 * {@code publicOnly}: the target's list does not allow private addresses, so a host name the worker resolves to
 * one (loopback, private, documentation...) is not probed. Absent means no such rule (older dealers).
 * Credentials travel only on the authenticated worker API; they are never logged (see {@link #toString()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobTarget(Long id, Kind kind, Integer family, Transport transport, String host, String ip, Integer port,
                        String user, String password, Integer timeoutMs, Map<String, String> options,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean publicOnly) {
    public static final int DEFAULT_TIMEOUT_MS = 5_000;

    public JobTarget {
        Check.present(id, "id");
        Check.present(kind, "kind");
        Check.family(family, "family");
        transport = transport == null ? kind.defaultTransport() : transport;
        if ((host == null || host.isBlank()) && (ip == null || ip.isBlank())) {
            throw new IllegalArgumentException("ip: missing, and no host to resolve");
        }
        port = port == null ? 0 : Check.range(port, "port", 0, 65535);
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : Check.range(timeoutMs, "timeout_ms", 1, 600_000);
        options = options == null ? Map.of() : Map.copyOf(options);
        publicOnly = publicOnly != null && publicOnly; // absent: no rule, and never null
    }

    /** A target with no address rule (tests, and checks whose address the dealer has vetted). */
    public JobTarget(Long id, Kind kind, Integer family, Transport transport, String host, String ip, Integer port,
                     String user, String password, Integer timeoutMs, Map<String, String> options) {
        this(id, kind, family, transport, host, ip, port, user, password, timeoutMs, options, false);
    }

    /** The host name if there is one, else the ip: what a person calls this target. */
    public String name() {
        return host != null && !host.isBlank() ? host : ip;
    }

    /** This target (its host name, credentials, timeout and options) checked as {@code kind} over {@code transport}
     *  at a resolved {@code ip} and {@code port}. */
    public JobTarget at(Kind kind, Transport transport, String ip, int port) {
        return new JobTarget(id, kind, family, transport, host, ip, port, user, password, timeoutMs, options,
                publicOnly);
    }

    @Override
    public String toString() {
        return kind + "/" + family + "/" + transport + " " + name() + (port != 0 ? ":" + port : "")
                + " #" + id + (password != null ? " (with credentials)" : "");
    }
}
