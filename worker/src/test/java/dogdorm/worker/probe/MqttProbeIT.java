package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.worker.peers.Mosquitto;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MQTT probe against a real mosquitto on 127.0.0.1 and ::1, in MQTT 3.1.1 and 5. */
class MqttProbeIT {
    static Mosquitto broker;
    final MqttProbe probe = new MqttProbe(Resolver.system());

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private Targets at(String ip, int port, String version) {
        return Targets.a(Kind.MQTT).ip(ip).port(port).option("version", version);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,3.1.1", "::1,3.1.1", "127.0.0.1,5", "::1,5"})
    void anonymous_broker_is_up_with_a_pubsub_round_trip(String ip, String version) throws Exception {
        ProbeReport r = probe.check(at(ip, broker.anonymousPort(), version).build(), Duration.ofSeconds(3));
        assertTrue(r.up(), () -> r.error() + " " + broker.logTail());
        assertEquals(version, r.detail().get("protocol_version"));
        assertEquals(0, r.detail().get("return_code"));
        assertEquals("ok", r.detail().get("pubsub"));
        assertTrue((Double) r.detail().get("round_trip_ms") > 0);
        assertNotNull(r.latencyMs());
        assertTrue(r.latencyMs() > 0 && r.latencyMs() < 1000, "CONNECT to CONNACK took " + r.latencyMs() + " ms");
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,3.1.1", "::1,3.1.1", "127.0.0.1,5", "::1,5"})
    void password_listener_with_the_right_credentials_is_up(String ip, String version) throws Exception {
        ProbeReport r = probe.check(at(ip, broker.passwordPort(), version)
                .credentials(broker.user(), broker.password()).build(), Duration.ofSeconds(3));
        assertTrue(r.up(), () -> r.error() + " " + broker.logTail());
        assertEquals("ok", r.detail().get("pubsub"));
        assertFalse(r.toString().contains(broker.password()));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,3.1.1,not authorized (5)", "::1,3.1.1,not authorized (5)",
            "127.0.0.1,5,not authorized (135)", "::1,5,not authorized (135)"})
    void wrong_password_is_down_with_the_connack_reason(String ip, String version, String reason)
            throws Exception {
        String wrong = broker.password() + "-wrong";
        ProbeReport r = probe.check(at(ip, broker.passwordPort(), version).credentials(broker.user(), wrong)
                .build(), Duration.ofSeconds(3));
        assertFalse(r.up());
        assertEquals(reason, r.error());
        assertFalse(r.toString().contains(wrong), r.toString());
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,3.1.1,not authorized (5),5", "::1,3.1.1,not authorized (5),5",
            "127.0.0.1,5,not authorized (135),135", "::1,5,not authorized (135),135"})
    void missing_credentials_are_down_with_the_connack_reason(String ip, String version, String reason, int code)
            throws Exception {
        ProbeReport r = probe.check(at(ip, broker.passwordPort(), version).build(), Duration.ofSeconds(3));
        assertFalse(r.up());
        assertEquals(reason, r.error());
        assertEquals(code, r.detail().get("return_code"));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,5,refused", "::1,5,refused", "127.0.0.1,3.1.1,timeout", "::1,3.1.1,timeout"})
    void broker_that_forbids_every_topic_is_up_with_the_pubsub_failure_as_detail(String ip, String version,
                                                                              String pubsub) throws Exception {
        // mosquitto grants the SUBSCRIBE and then withholds the message; MQTT 5 says so in the PUBACK
        // (not authorized), MQTT 3.1.1 cannot, so the message simply never comes back
        long start = System.nanoTime();
        ProbeReport r = probe.check(at(ip, broker.lockedPort(), version).build(), Duration.ofMillis(1500));
        Deadlines.assertNotAfter(start, Duration.ofMillis(1500));
        assertTrue(r.up(), r::error);
        assertEquals(pubsub, r.detail().get("pubsub"));
        assertFalse(r.detail().containsKey("round_trip_ms"));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,3.1.1", "::1,5"})
    void many_successful_checks_leave_no_threads_or_sockets(String ip, String version) throws Exception {
        Leaks.assertNoGrowth(25, () -> {
            ProbeReport r = probe.check(at(ip, broker.anonymousPort(), version).build(), Duration.ofSeconds(3));
            assertEquals("ok", r.detail().get("pubsub"));
        });
    }
}
