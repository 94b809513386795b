package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test fixtures: {@code Targets.a(Kind.MQTT).ip("::1").port(1883).option("version", "5").build()}. */
public final class Targets {
    private static final AtomicLong IDS = new AtomicLong(1);

    private final Kind kind;
    private Integer family;
    private Transport transport;
    private String host;
    private String ip;
    private Integer port;
    private String user;
    private String password;
    private Integer timeoutMs;
    private final Map<String, String> options = new LinkedHashMap<>();

    private Targets(Kind kind) {
        this.kind = kind;
    }

    public static Targets a(Kind kind) {
        return new Targets(kind);
    }

    /** An IP literal; the family follows from it unless set. */
    public Targets ip(String ip) {
        this.ip = ip;
        return this;
    }

    /** A host name for the probe's resolver; set the family too. */
    public Targets host(String host) {
        this.host = host;
        return this;
    }

    public Targets family(int family) {
        this.family = family;
        return this;
    }

    public Targets port(int port) {
        this.port = port;
        return this;
    }

    public Targets transport(Transport transport) {
        this.transport = transport;
        return this;
    }

    public Targets credentials(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    public Targets option(String key, String value) {
        options.put(key, value);
        return this;
    }

    public Targets timeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
        return this;
    }

    public JobTarget build() {
        int f = family != null ? family : ip != null && ip.contains(":") ? 6 : 4;
        return new JobTarget(IDS.getAndIncrement(), kind, f, transport, host, ip, port, user, password, timeoutMs,
                options);
    }
}
