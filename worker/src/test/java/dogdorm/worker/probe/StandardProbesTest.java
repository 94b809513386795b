package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import java.util.EnumSet;
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
}
