package dogdorm.dealer.view;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.Locale;

/** The names the original's JSON and settings file use for kinds, families and transports. */
public final class Labels {
    private Labels() {}

    /** The original's type names ("STUN(see_ip)", "STUN(test_nat)", ...); new kinds in capitals. */
    public static String type(Kind kind) {
        return switch (kind) {
            case STUN -> "STUN(see_ip)";
            case STUN_CHANGE -> "STUN(test_nat)";
            case MQTT -> "MQTT";
            case TURN -> "TURN";
            case NTP -> "NTP";
            case TCP -> "TCP";
            case DNS -> "DNS";
            case PING -> "PING";
            case RESOLVE -> "RESOLVE";
        };
    }

    public static String family(int family) {
        return family == 6 ? "IPv6" : "IPv4";
    }

    public static String transport(Transport t) {
        return t.wire().toUpperCase(Locale.ROOT);
    }
}
