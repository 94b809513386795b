package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardProbesTest {

    @Test
    void standard_probes_cover_mqtt_ntp_dns_and_ping() {
        Probes probes = Probes.standard(Resolver.system());
        assertTrue(probes.kinds().containsAll(EnumSet.of(Kind.TCP, Kind.MQTT, Kind.NTP, Kind.DNS)),
                probes.kinds()::toString);
        assertInstanceOf(MqttProbe.class, probes.get(Kind.MQTT));
        assertInstanceOf(NtpProbe.class, probes.get(Kind.NTP));
        assertInstanceOf(DnsProbe.class, probes.get(Kind.DNS));
        if (PingProbe.systemPing().isPresent()) {
            assertInstanceOf(PingProbe.class, probes.get(Kind.PING));
        }
    }

    @Test
    void every_kind_the_dealer_imports_has_an_importer_and_no_other_does() {
        Probes probes = Probes.standard(Resolver.system());
        for (Kind k : Kind.values()) {
            assertEquals(k.imported(), probes.importer(k) != null, k + ": importer present");
            if (k.imported()) {
                assertEquals(k, probes.importer(k).kind());
            }
        }
        assertInstanceOf(StunClassifier.class, probes.importer(Kind.STUN));
    }

    @Test
    void two_probes_for_one_kind_are_refused() {
        Probe tcp = new TcpProbe(Resolver.system());
        assertEquals("two probes for kind tcp", assertThrows(IllegalArgumentException.class,
                () -> new Probes(List.of(tcp, new TcpProbe(Resolver.system())))).getMessage());
    }
}
