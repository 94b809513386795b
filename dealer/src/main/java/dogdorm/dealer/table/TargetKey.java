package dogdorm.dealer.table;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.Locale;

/** What makes a target unique: (kind, family, transport, host-or-ip, port). Host names compare case-blind. */
public record TargetKey(Kind kind, int family, Transport transport, String hostOrIp, int port) {
    public TargetKey {
        hostOrIp = hostOrIp.toLowerCase(Locale.ROOT);
    }

    public static TargetKey of(TargetSpec s) {
        return new TargetKey(s.kind(), s.family(), s.transport(), s.host() != null ? s.host() : s.ip(), s.port());
    }

    @Override
    public String toString() {
        return kind + "/v" + family + "/" + transport + " " + hostOrIp + (port != 0 ? ":" + port : "");
    }
}
