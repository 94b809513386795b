package dogdorm.dealer.view;

import dogdorm.dealer.read.TargetView;
import dogdorm.common.Transport;
import dogdorm.dealer.read.Ranking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /legacy}: the ranked lists as the settings text the original served for P2PD: {@code STUN_MAP_SERVERS}
 * and {@code STUN_CHANGE_SERVERS} keyed by UDP/TCP and IP4/IP6, {@code MQTT_SERVERS} and {@code TURN_SERVERS}
 * lists, in Python literal syntax, in rank order. Each block reads its own groups (the original's change, MQTT and
 * TURN blocks named every entry after the last STUN server). TURN passwords appear only with
 * {@code --publish-credentials}; otherwise {@code 'pass': None}.
 */
public final class Legacy {
    /** A bare name in the output (UDP, TCP, IP4, IP6, None), not a quoted string. */
    record Bare(String name) {}

    static final Bare NONE = new Bare("None");

    private Legacy() {}

    /**
     * @param turnPasswords TURN passwords by target id, to publish ({@code --publish-credentials}); empty to
     *                      publish none
     */
    public static String render(List<Ranking.Section> sections, Map<Long, String> turnPasswords) {
        Map<Object, Object> map = protoFamily();
        Map<Object, Object> change = protoFamily();
        Map<String, Map<Object, Object>> mqtt = new LinkedHashMap<>();
        Map<String, Map<Object, Object>> turn = new LinkedHashMap<>();
        for (Ranking.Section s : sections) {
            Bare proto = new Bare(s.transport() == Transport.TCP ? "TCP" : "UDP");
            Bare af = new Bare(s.family() == 6 ? "IP6" : "IP4");
            for (List<TargetView> group : s.groups()) {
                TargetView first = group.get(0);
                switch (s.kind()) {
                    case STUN -> {
                        for (TargetView t : group) {
                            list(map, proto, af).add(entry(2, host(t), t.ip(), t.port(), null, null));
                        }
                    }
                    case STUN_CHANGE -> {
                        if (group.size() == 4 && s.transport() != Transport.ICMP) {
                            TargetView alt = group.get(3);
                            list(change, proto, af).add(entry(1, groupHost(group), first.ip(), first.port(),
                                    alt.ip(), alt.port()));
                        }
                    }
                    case MQTT -> {
                        Map<Object, Object> m = mqtt.computeIfAbsent(key(first), k -> server(groupHost(group),
                                first.port()));
                        m.put(af, first.ip());
                    }
                    case TURN -> {
                        Map<Object, Object> m = turn.computeIfAbsent(key(first), k -> {
                            Map<Object, Object> x = server(groupHost(group), first.port());
                            x.put("afs", new ArrayList<>());
                            x.put("user", first.user() == null ? NONE : first.user());
                            String pw = turnPasswords.get(first.id());
                            x.put("pass", pw == null ? NONE : pw);
                            x.put("realm", NONE);
                            return x;
                        });
                        m.put(af, first.ip());
                        @SuppressWarnings("unchecked")
                        List<Object> afs = (List<Object>) m.get("afs");
                        if (!afs.contains(af)) afs.add(af);
                    }
                    default -> {
                        // other kinds are not in P2PD's settings
                    }
                }
            }
        }
        return "\nSTUN_MAP_SERVERS = " + literal(map) + "\n\nSTUN_CHANGE_SERVERS = " + literal(change)
                + "\n\nMQTT_SERVERS = " + literal(new ArrayList<>(mqtt.values())) + "\n\nTURN_SERVERS = "
                + literal(new ArrayList<>(turn.values())) + "\n";
    }

    private static String key(TargetView t) {
        return t.host() != null ? "host:" + t.host() : "id:" + t.id();
    }

    private static Object host(TargetView t) {
        if (t.fqns() != null && !t.fqns().isEmpty()) return t.fqns().get(0);
        return t.host() == null ? NONE : t.host();
    }

    /** A group's host name comes from its own first member (the original read a leftover STUN entry here). */
    private static Object groupHost(List<TargetView> group) {
        for (TargetView t : group) {
            if (t.host() != null) return t.host();
        }
        return host(group.get(0));
    }

    private static Map<Object, Object> server(Object host, int port) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put(new Bare("IP4"), NONE);
        m.put(new Bare("IP6"), NONE);
        return m;
    }

    private static Map<Object, Object> entry(int mode, Object host, String ip, int port, String ip2, Integer port2) {
        Map<Object, Object> primary = new LinkedHashMap<>();
        primary.put("ip", ip);
        primary.put("port", port);
        Map<Object, Object> secondary = new LinkedHashMap<>();
        secondary.put("ip", ip2 == null ? NONE : ip2);
        secondary.put("port", port2 == null ? NONE : port2);
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("host", host);
        m.put("primary", primary);
        m.put("secondary", secondary);
        return m;
    }

    private static Map<Object, Object> protoFamily() {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (String proto : new String[] {"UDP", "TCP"}) {
            Map<Object, Object> byAf = new LinkedHashMap<>();
            byAf.put(new Bare("IP4"), new ArrayList<>());
            byAf.put(new Bare("IP6"), new ArrayList<>());
            m.put(new Bare(proto), byAf);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<Object, Object> m, Bare proto, Bare af) {
        return (List<Object>) ((Map<Object, Object>) m.get(proto)).get(af);
    }

    /** Python literal syntax for maps, lists, strings, numbers and bare names. */
    static String literal(Object o) {
        if (o == null) return "None";
        if (o instanceof Bare b) return b.name();
        if (o instanceof String s) return quote(s);
        if (o instanceof Number n) return n.toString();
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) b.append(", ");
                first = false;
                b.append(literal(e.getKey())).append(": ").append(literal(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) b.append(", ");
                b.append(literal(l.get(i)));
            }
            return b.append(']').toString();
        }
        throw new IllegalArgumentException("no literal for " + o.getClass());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) b.append(String.format("\\x%02x", (int) c)); else b.append(c);
                }
            }
        }
        return b.append('\'').toString();
    }
}
