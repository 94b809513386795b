package dogdorm.dealer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetTableTest {
    private static TargetSpec named(String host, String ip, int port) {
        return new TargetSpec(Kind.TCP, 4, Transport.TCP, host, ip, port, null, null, null, new Source("t.csv", 1),
                null, null, null);
    }

    @Test
    void host_names_are_indexed_by_address_through_adds_moves_and_removes() {
        TargetTable table = new TargetTable();
        Target a = table.add(named("a.example", "192.0.2.1", 443));
        Target b = table.add(named("b.example", "192.0.2.1", 443));
        Target a80 = table.add(named("a.example", "192.0.2.1", 80));
        table.add(TargetSpec.simple(Kind.TCP, 4, "192.0.2.1", 22, new Source("t.csv", 2))); // no name: adds none
        assertEquals(Set.of("a.example", "b.example"), table.hostsAt("192.0.2.1"));

        table.update(b, b.spec().withIp("192.0.2.2")); // b's name moved to a new address
        assertEquals(Set.of("a.example"), table.hostsAt("192.0.2.1"));
        assertEquals(Set.of("b.example"), table.hostsAt("192.0.2.2"));

        table.remove(a.id());
        assertEquals(Set.of("a.example"), table.hostsAt("192.0.2.1"), "still named by the port-80 target");
        table.remove(a80.id());
        assertEquals(Set.of(), table.hostsAt("192.0.2.1"));
        assertEquals(Set.of(), table.hostsAt("198.51.100.9"));
        assertNull(table.add(named("b.example", "192.0.2.9", 443)), "same key (host, port): not added twice");
    }
}
