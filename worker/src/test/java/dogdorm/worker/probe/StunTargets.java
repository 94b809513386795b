package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds {@link JobTarget}s for the STUN and TURN probe tests: {@code aTarget(Kind.STUN).ip("::1").port(3478).build()}. */
final class StunTargets {
    private static final AtomicLong IDS = new AtomicLong(1);

    private final Kind kind;
    private String ip = "127.0.0.1";
    private String host;
    private Integer family;
    private int port = 3478;
    private Transport transport;
    private String user;
    private String password;
    private int timeoutMs = 1_000;
    private final Map<String, String> options = new HashMap<>();
    private boolean publicOnly;

    private StunTargets(Kind kind) {
        this.kind = kind;
    }

    static StunTargets aTarget(Kind kind) {
        return new StunTargets(kind);
    }

    StunTargets ip(String ip) {
        this.ip = ip;
        return this;
    }

    /** A host name to resolve, and no ip. */
    StunTargets host(String host, int family) {
        this.host = host;
        this.ip = null;
        this.family = family;
        return this;
    }

    StunTargets port(int port) {
        this.port = port;
        return this;
    }

    StunTargets transport(Transport transport) {
        this.transport = transport;
        return this;
    }

    StunTargets credentials(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    StunTargets timeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
        return this;
    }

    StunTargets option(String key, String value) {
        options.put(key, value);
        return this;
    }

    /** From a list that allows only public addresses: every address a server names is held to the policy. */
    StunTargets publicOnly() {
        this.publicOnly = true;
        return this;
    }

    JobTarget build() {
        int fam = family != null ? family : ip.contains(":") ? 6 : 4;
        return new JobTarget(IDS.getAndIncrement(), kind, fam, transport, host, ip, port, user, password, timeoutMs,
                options, publicOnly);
    }
}
