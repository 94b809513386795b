package dogdorm.common.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service a worker found in a list row, at the row's address and port: {@code {"kind": "stun", "transport":
 * "tcp"}}; or an RFC 3489 group of four endpoints, {@code {"kind": "stun-change", "members": [{"ip", "port"} x 4]}}
 * (checked over UDP, so its transport is not written). Only such a group has members.
 */
public record FoundService(Kind kind, Transport transport, List<Endpoint> members) {
    static final int GROUP_SIZE = 4;
    private static final String KIND = "kind";
    private static final String TRANSPORT = "transport";
    private static final String MEMBERS = "members";

    public FoundService {
        Check.present(kind, KIND);
        if (kind == Kind.STUN_CHANGE) {
            transport = transport == null ? Transport.UDP : transport;
            if (transport != Transport.UDP) {
                throw new IllegalArgumentException(TRANSPORT + ": an RFC 3489 group is checked over udp, not "
                        + transport);
            }
            if (members == null || members.size() != GROUP_SIZE) {
                throw new IllegalArgumentException(MEMBERS + ": an RFC 3489 group needs " + GROUP_SIZE
                        + " members, not " + (members == null ? 0 : members.size()));
            }
            for (int i = 0; i < members.size(); i++) {
                Check.present(members.get(i), MEMBERS + "[" + i + "]");
            }
            members = List.copyOf(members);
        } else {
            Check.present(transport, TRANSPORT);
            if (!kind.runsOver(transport)) {
                throw new IllegalArgumentException(TRANSPORT + ": a " + kind + " service does not run over "
                        + transport);
            }
            if (members != null && !members.isEmpty()) {
                throw new IllegalArgumentException(MEMBERS + ": only an RFC 3489 group (" + Kind.STUN_CHANGE
                        + ") has members, not a " + kind + " service");
            }
            members = List.of();
        }
    }

    /** A service at the row's own address and port. */
    public static FoundService of(Kind kind, Transport transport) {
        return new FoundService(kind, transport, null);
    }

    /** An RFC 3489 group: the primary endpoint, then the others as the change requests found them. */
    public static FoundService changeGroup(List<Endpoint> members) {
        return new FoundService(Kind.STUN_CHANGE, Transport.UDP, members);
    }

    public boolean isGroup() {
        return kind == Kind.STUN_CHANGE;
    }

    @JsonValue
    public Map<String, Object> toDetail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(KIND, kind.wire());
        if (isGroup()) {
            m.put(MEMBERS, members.stream().map(Endpoint::toDetail).toList());
        } else {
            m.put(TRANSPORT, transport.wire());
        }
        return m;
    }

    /** Reads one service as {@link #toDetail()} writes it; refuses what is missing or of the wrong type, naming it. */
    @JsonCreator
    public static FoundService from(Map<?, ?> m) {
        String k = Detail.text(Detail.required(m, KIND), KIND);
        Kind kind = Detail.parsed(KIND, () -> Kind.parse(k));
        String t = m.get(TRANSPORT) == null ? null : Detail.text(m.get(TRANSPORT), TRANSPORT);
        Transport transport = t == null ? null : Detail.parsed(TRANSPORT, () -> Transport.parse(t));
        Object ms = m.get(MEMBERS);
        List<Endpoint> members = null;
        if (ms != null) {
            List<?> raw = Detail.list(ms, MEMBERS);
            members = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                String at = MEMBERS + "[" + i + "]";
                Map<?, ?> one = Detail.object(raw.get(i), at);
                members.add(Detail.at(at, () -> Endpoint.from(one)));
            }
        }
        return new FoundService(kind, transport, members);
    }
}
