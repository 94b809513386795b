package dogdorm.dealer.view;

import dogdorm.common.Transport;
import dogdorm.dealer.read.Ranking;
import dogdorm.dealer.read.TargetView;
import dogdorm.dealer.table.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /legacy}: the ranked lists as the settings text the original served for P2PD: {@code STUN_MAP_SERVERS}
 * and {@code STUN_CHANGE_SERVERS} keyed by UDP/TCP and IP4/IP6, {@code MQTT_SERVERS} and {@code TURN_SERVERS}
 * lists, in Python literal syntax, best first by the ranking of {@code /servers}. Only what P2PD can use now is
 * listed:
 * <ul>
 *   <li>groups whose every member is up now;</li>
 *   <li>each entry's {@code host} is the host name of the list row it came from, or {@code None}: never a name
 *       borrowed from another row at the same address (P2PD dials TURN and re-resolves MQTT by it);</li>
 *   <li>RFC 3489 servers (change servers) from both sources: the four-member groups a {@code stun} row's
 *       classification made, and single {@code stun-change} rows, whose alternate address is the CHANGED-ADDRESS
 *       (or OTHER-ADDRESS) their last check learned; a server found both ways is listed once;</li>
 *   <li>TURN servers whose last check allocated a relay (none that only answered "auth required"), with the
 *       realm the check learned; with credentials only when they are published ({@code --publish-credentials});
 *       otherwise only servers that need none;</li>
 *   <li>MQTT brokers checked without credentials (they accept an anonymous login: {@code MQTT_SERVERS} has no
 *       credential fields).</li>
 * </ul>
 */
public final class Legacy {
    /** A bare name in the output (UDP, TCP, IP4, IP6, None), not a quoted string. */
    record Bare(String name) {}

    static final Bare NONE = new Bare("None");

    /**
     * What to list: {@code family} 4 or 6, or null for both; at most {@code limit} entries in each list (each
     * proto and family of the STUN blocks, each of the MQTT and TURN lists).
     */
    public record Options(Integer family, int limit) {
        public static final Options ALL = new Options(null, Integer.MAX_VALUE);
    }

    /**
     * Who a target's entry is named after and what may be published: the host name of each list row (candidate)
     * by id, and TURN passwords by target id (empty unless {@code --publish-credentials}).
     */
    public record Names(Map<Long, String> candidateHosts, Map<Long, String> turnPasswords) {}

    private Legacy() {}

    public static String render(List<Ranking.Section> sections, Names names, Options options) {
        Map<Object, Object> map = protoFamily();
        Map<Object, Object> change = protoFamily();
        Map<String, Map<Object, Object>> mqtt = new LinkedHashMap<>();
        Map<String, Map<Object, Object>> turn = new LinkedHashMap<>();
        Set<String> changePrimaries = new HashSet<>();
        for (Ranking.Section s : sections) {
            if (options.family() != null && s.family() != options.family()) {
                continue;
            }
            Bare proto = new Bare(s.transport() == Transport.TCP ? "TCP" : "UDP");
            Bare af = new Bare(s.family() == 6 ? "IP6" : "IP4");
            for (List<TargetView> group : s.groups()) {
                if (!allUp(group)) {
                    continue;
                }
                TargetView first = group.get(0);
                switch (s.kind()) {
                    case STUN -> add(list(map, proto, af), options,
                            entry(2, ownHost(first, names), first.ip(), first.port(), null, null));
                    case STUN_CHANGE -> {
                        Map<Object, Object> e = changeEntry(group, names);
                        String primary = first.ip() + "|" + first.port();
                        if (e != null && s.transport() == Transport.UDP && changePrimaries.add(primary)) {
                            add(list(change, proto, af), options, e);
                        }
                    }
                    case MQTT -> {
                        Map<Object, Object> m = first.user() == null && !first.hasPassword()
                                ? named(mqtt, first, names, options) : null;
                        if (m != null) {
                            m.put(af, first.ip());
                        }
                    }
                    case TURN -> {
                        String pw = names.turnPasswords().get(first.id());
                        boolean usable = first.user() == null || pw != null;
                        if (usable && "allocated".equals(detail(first, "outcome"))) {
                            Map<Object, Object> m = named(turn, first, names, options);
                            if (m == null) {
                                continue;
                            }
                            if (!m.containsKey("afs")) {
                                m.put("afs", new ArrayList<>());
                                m.put("user", first.user() == null ? NONE : first.user());
                                m.put("pass", pw == null ? NONE : pw);
                                String realm = detail(first, "realm");
                                m.put("realm", realm == null ? NONE : realm);
                            }
                            m.put(af, first.ip());
                            @SuppressWarnings("unchecked")
                            List<Object> afs = (List<Object>) m.get("afs");
                            if (!afs.contains(af)) afs.add(af);
                        }
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

    private static boolean allUp(List<TargetView> group) {
        for (TargetView t : group) {
            if (t.state() != State.UP) return false;
        }
        return true;
    }

    private static void add(List<Object> list, Options options, Object entry) {
        if (list.size() < options.limit()) {
            list.add(entry);
        }
    }

    /**
     * The server entry an MQTT or TURN target belongs to: one per host name (its IPv4 and IPv6 addresses side by
     * side), or per target when the row has none; null once the list is full.
     */
    private static Map<Object, Object> named(Map<String, Map<Object, Object>> servers, TargetView t, Names names,
                                             Options options) {
        Object host = ownHost(t, names);
        String key = host instanceof String h ? "host:" + h + ":" + t.port() : "id:" + t.id();
        Map<Object, Object> m = servers.get(key);
        if (m == null && servers.size() < options.limit()) {
            m = server(host, t.port());
            servers.put(key, m);
        }
        return m;
    }

    /** The host name of the row a target came from: its own, else its list row's, else None. */
    private static Object ownHost(TargetView t, Names names) {
        if (t.host() != null) {
            return t.host();
        }
        String row = t.candidate() == null ? null : names.candidateHosts().get(t.candidate());
        return row != null ? row : NONE;
    }

    /**
     * An RFC 3489 entry: a four-member group gives its primary and its alternate-ip/alternate-port member; a single
     * {@code stun-change} target gives itself and the alternate address its check learned (none learned: null).
     */
    private static Map<Object, Object> changeEntry(List<TargetView> group, Names names) {
        TargetView first = group.get(0);
        if (group.size() == 4) {
            TargetView alt = group.get(3);
            return entry(1, ownHost(first, names), first.ip(), first.port(), alt.ip(), alt.port());
        }
        if (group.size() != 1) {
            return null;
        }
        String learned = detail(first, "changed_address");
        learned = learned != null ? learned : detail(first, "other_address");
        if (learned == null) {
            return null;
        }
        int colon = learned.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String ip = learned.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(learned.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        return entry(1, ownHost(first, names), first.ip(), first.port(), ip, port);
    }

    private static String detail(TargetView t, String key) {
        Object v = t.detail() == null ? null : t.detail().get(key);
        return v == null ? null : v.toString();
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
