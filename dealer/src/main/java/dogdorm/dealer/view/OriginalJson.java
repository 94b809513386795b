package dogdorm.dealer.view;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.read.Ranking;
import dogdorm.dealer.read.TargetView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /servers} as JSON ({@code Accept: application/json} or {@code ?format=original}): the original Dogdorm's
 * answer, shape and types as its {@code build_server_list} made them, for clients written against it. Every type
 * ({@code STUN(see_ip)}, {@code STUN(test_nat)}, {@code MQTT}, {@code TURN}, {@code NTP}) x {@code IPv4}/{@code IPv6}
 * x {@code UDP}/{@code TCP} is present, empty or not; each is a list of groups, each group a list of records, best
 * first by the original's score; MQTT is filed under {@code UDP} as the original filed it; {@code STUN(test_nat)}
 * holds only four-member RFC 3489 groups. A record's fields, in the original's order and types: {@code id},
 * {@code table_type} (14, services), {@code type} (3 map, 4 change, 5 MQTT, 6 TURN, 7 NTP), {@code af} (2 IPv4,
 * 10 IPv6), {@code proto} (2 UDP, 1 TCP), {@code ip}, {@code port}, {@code user}, {@code password} (TURN only with
 * {@code --publish-credentials}, else null), {@code alias_id}, {@code status_id}, {@code group_id}, {@code score}
 * (the original's formula, a group's mean), {@code test_no}, {@code failed_tests}, {@code uptime}, {@code max_uptime}
 * (seconds), {@code last_success} (unix seconds, 0 for never), {@code fqns}. Kinds the original did not have (TCP,
 * DNS, ping) are in {@code /servers.json} only. Pure functions.
 */
public final class OriginalJson {
    private OriginalJson() {}

    /** The original's type codes and the kinds they stand for, in its order. */
    private static final Map<Kind, Integer> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put(Kind.STUN, 3);
        TYPES.put(Kind.STUN_CHANGE, 4);
        TYPES.put(Kind.MQTT, 5);
        TYPES.put(Kind.TURN, 6);
        TYPES.put(Kind.NTP, 7);
    }

    private static final int UDP = 2;
    private static final int TCP = 1;

    /**
     * @param aliasIds  the id of the alias tracking each target's host name, by target id (none: null)
     * @param passwords TURN passwords by target id, to publish; empty to publish none
     */
    public static Map<String, Object> build(List<TargetView> targets, Map<Long, Long> aliasIds,
                                            Map<Long, String> passwords, long nowSeconds) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Kind kind : TYPES.keySet()) {
            Map<String, Object> byFamily = new LinkedHashMap<>();
            for (int family : new int[] {4, 6}) {
                Map<String, List<List<Map<String, Object>>>> byProto = new LinkedHashMap<>();
                byProto.put("UDP", new ArrayList<>());
                byProto.put("TCP", new ArrayList<>());
                byFamily.put(Labels.family(family), byProto);
            }
            root.put(Labels.type(kind), byFamily);
        }
        for (Ranking.Section s : Ranking.sections(targets)) {
            Integer type = TYPES.get(s.kind());
            if (type == null) {
                continue;
            }
            // the original filed its MQTT services under UDP
            String proto = s.kind() == Kind.MQTT || s.transport() == Transport.UDP ? "UDP" : "TCP";
            @SuppressWarnings("unchecked")
            List<List<Map<String, Object>>> out = ((Map<String, List<List<Map<String, Object>>>>)
                    ((Map<String, Object>) root.get(Labels.type(s.kind()))).get(Labels.family(s.family()))).get(proto);
            for (List<TargetView> group : s.groups()) {
                if (s.kind() == Kind.STUN_CHANGE && group.size() != 4) {
                    continue;
                }
                long groupId = group.get(0).id();
                List<Map<String, Object>> records = new ArrayList<>(group.size());
                for (TargetView t : group) {
                    records.add(record(t, type, proto.equals("UDP") ? UDP : TCP, groupId, aliasIds.get(t.id()),
                            passwords.get(t.id())));
                }
                out.add(records);
            }
            out.sort(Comparator.comparingDouble(g -> -(double) g.get(0).get("score"))); // stable: ties keep rank
        }
        root.put("timestamp", nowSeconds);
        return root;
    }

    private static Map<String, Object> record(TargetView t, int type, int proto, long groupId, Long aliasId,
                                              String password) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", t.id());
        r.put("table_type", 14);
        r.put("type", type);
        r.put("af", t.family() == 6 ? 10 : 2);
        r.put("proto", proto);
        r.put("ip", t.ip());
        r.put("port", t.port());
        r.put("user", t.user());
        r.put("password", t.kind() == Kind.TURN ? password : null);
        r.put("alias_id", aliasId);
        r.put("status_id", t.id());
        r.put("group_id", groupId);
        r.put("score", t.scoreOriginal());
        r.put("test_no", t.checks());
        r.put("failed_tests", t.failures());
        r.put("uptime", t.uptimeS());
        r.put("max_uptime", t.maxUptimeS());
        r.put("last_success", t.lastSuccess() == null ? 0 : t.lastSuccess().getEpochSecond());
        r.put("fqns", t.fqns());
        return r;
    }
}
