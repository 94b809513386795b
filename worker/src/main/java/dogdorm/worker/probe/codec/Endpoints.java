package dogdorm.worker.probe.codec;

import dogdorm.common.Addresses;
import java.net.InetSocketAddress;

/** How transport addresses are written in results and messages: {@code 192.0.2.1:3478}, {@code [2001:db8::1]:3478}. */
public final class Endpoints {
    private Endpoints() {}

    public static String text(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        if (a.isUnresolved()) {
            return a.getHostString() + ":" + a.getPort();
        }
        return Addresses.withPort(a.getAddress(), a.getPort());
    }
}
