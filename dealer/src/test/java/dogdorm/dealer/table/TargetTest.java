package dogdorm.dealer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dogdorm.common.Kind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a target keeps of its last check's detail. */
class TargetTest {
    private final Target tcp = new Target(1, TargetSpec.simple(Kind.TCP, 6, "2001:db8::1", 443,
            new Source("tcp_v6.csv", 1)), new Stats());

    @Test
    void an_address_that_repeats_the_targets_ip_is_not_kept() {
        tcp.detail(Map.of("address", "2001:0db8:0:0:0:0:0:1"));
        assertSame(Map.of(), tcp.detail(), "a plain TCP check keeps nothing");
        tcp.detail(Map.of("address", "2001:db8::2"));
        assertEquals(Map.of("address", "2001:db8::2"), tcp.detail(), "another address is news");
    }

    @Test
    void scalars_are_kept_in_order_and_the_rest_is_dropped() {
        Map<String, Object> posted = new LinkedHashMap<>();
        posted.put("outcome", "auth-required");
        posted.put("k".repeat(41), "a key too long is skipped, not the end");
        posted.put("stratum", 2);
        posted.put("leap", false);
        posted.put("nested", Map.of("a", 1));
        posted.put("list", List.of(1, 2));
        posted.put("long", "x".repeat(500));
        tcp.detail(posted);
        assertEquals(List.of("outcome", "stratum", "leap", "long"), List.copyOf(tcp.detail().keySet()));
        assertEquals(200, ((String) tcp.detail().get("long")).length());
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            many.put("k" + i, i);
        }
        tcp.detail(many);
        assertEquals(Target.MAX_DETAIL, tcp.detail().size());
        tcp.detail(null);
        assertSame(Map.of(), tcp.detail());
    }
}
