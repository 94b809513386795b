package dogdorm.dealer.testkit;

import dogdorm.common.Kind;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetSpec;

/** Test fixtures for targets. */
public final class Specs {
    private Specs() {}

    public static TargetSpec tcp(String ip, int port) {
        return TargetSpec.simple(Kind.TCP, ip.contains(":") ? 6 : 4, ip, port, new Source("test", port));
    }

    public static TargetSpec tcp(String ip, int port, Source source) {
        return TargetSpec.simple(Kind.TCP, ip.contains(":") ? 6 : 4, ip, port, source);
    }
}
