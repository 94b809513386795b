package dogdorm.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a target is checked for. The wire name is the lower-case name used in CSV file names and JSON. */
public enum Kind {
    TCP("tcp", Transport.TCP),
    STUN("stun", Transport.UDP),
    STUN_CHANGE("stun-change", Transport.UDP),
    TURN("turn", Transport.UDP),
    MQTT("mqtt", Transport.TCP),
    NTP("ntp", Transport.UDP),
    DNS("dns", Transport.UDP),
    PING("ping", Transport.ICMP),
    /** Not a check: resolving a host name for the dealer's DNS aliases. Never in a list file. */
    RESOLVE("resolve", Transport.UDP);

    private final String wire;
    private final Transport defaultTransport;

    Kind(String wire, Transport defaultTransport) {
        this.wire = wire;
        this.defaultTransport = defaultTransport;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The transport a CSV row of this kind means when the file does not say; null for ICMP. */
    public Transport defaultTransport() {
        return defaultTransport;
    }

    /** Whether this kind's probe can run over {@code t}: STUN, TURN and DNS over UDP or TCP, the rest over one. */
    public boolean runsOver(Transport t) {
        return t == defaultTransport || t == Transport.TCP && (this == STUN || this == TURN || this == DNS);
    }

    /** Whether targets of this kind need a port (ICMP ping and name resolution do not). */
    public boolean needsPort() {
        return this != PING && this != RESOLVE;
    }

    /** Whether list files of this kind exist ({@code <kind>_v4.csv}). */
    public boolean listable() {
        return this != RESOLVE;
    }

    /**
     * Whether a list row of this kind is a candidate to validate first (as the original imported public STUN,
     * TURN, MQTT and NTP servers) rather than a service checked at once.
     */
    public boolean imported() {
        return this == STUN || this == TURN || this == MQTT || this == NTP;
    }

    @JsonCreator
    public static Kind parse(String text) {
        if (text != null) {
            String s = text.strip().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.wire.equals(s)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown kind " + Visible.quoted(text) + ": expected one of "
                + Arrays.stream(values()).map(Kind::wire).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wire;
    }
}
