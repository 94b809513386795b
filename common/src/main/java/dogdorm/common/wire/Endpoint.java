package dogdorm.common.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An IP address and port a worker found, as a member of an RFC 3489 group: {@code {"ip": "192.0.2.1", "port": 3478}}.
 * Whether the address is usable (family, public-server policy) is the dealer's to judge.
 */
public record Endpoint(String ip, int port) {
    private static final String IP = "ip";
    private static final String PORT = "port";

    public Endpoint {
        Check.text(ip, IP, 64);
        Check.range(port, PORT, 1, 65535);
    }

    @JsonValue
    public Map<String, Object> toDetail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(IP, ip);
        m.put(PORT, port);
        return m;
    }

    /** Reads {@code {"ip", "port"}}; refuses a missing key or a value of the wrong type, naming it. */
    @JsonCreator
    public static Endpoint from(Map<?, ?> m) {
        return new Endpoint(Detail.text(Detail.required(m, IP), IP), Detail.whole(Detail.required(m, PORT), PORT));
    }
}
