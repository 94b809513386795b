package dogdorm.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The findings of imports and resolutions keep the detail shape workers and dealers exchanged before they were
 * records, so either side may be upgraded first; what does not fit that shape is refused naming the key.
 */
class FindingsJsonTest {
    private final ObjectMapper json = Json.newMapper();

    /** A STUN classification as workers write it: UDP, TCP and an RFC 3489 group (no transport on the group). */
    private static final String STUN = """
            {"address":"192.0.2.1","services":[{"kind":"stun","transport":"udp"},\
            {"kind":"stun","transport":"tcp"},{"kind":"stun-change","members":[{"ip":"192.0.2.1","port":3478},\
            {"ip":"192.0.2.1","port":3479},{"ip":"192.0.2.2","port":3478},{"ip":"192.0.2.2","port":3479}]}]}""";
    private static final ImportFindings STUN_FOUND = new ImportFindings("192.0.2.1", List.of(
            FoundService.of(Kind.STUN, Transport.UDP), FoundService.of(Kind.STUN, Transport.TCP),
            FoundService.changeGroup(List.of(new Endpoint("192.0.2.1", 3478), new Endpoint("192.0.2.1", 3479),
                    new Endpoint("192.0.2.2", 3478), new Endpoint("192.0.2.2", 3479)))));
    private static final String RESOLVED = "{\"addresses\":[\"192.0.2.1\",\"2001:db8::1\"]}";

    private Map<String, Object> detail(String text) throws Exception {
        return json.readValue(text, ProbeResult.class).detail();
    }

    private static String result(String detail) {
        return "{\"lease\":\"L1\",\"target\":7,\"up\":true,\"latency_ms\":3.5,\"detail\":" + detail + "}";
    }

    @Test
    void a_stun_classification_in_todays_shape_reads_into_the_records_and_writes_that_shape() throws Exception {
        assertEquals(STUN_FOUND, ImportFindings.from(detail(result(STUN))));
        assertEquals(STUN_FOUND, json.readValue(STUN, ImportFindings.class));
        assertEquals(STUN, json.writeValueAsString(STUN_FOUND));
        assertEquals(STUN, json.writeValueAsString(STUN_FOUND.toDetail()));
    }

    @Test
    void a_single_service_round_trips_and_the_first_workers_findings_without_address_read() throws Exception {
        String turn = "{\"address\":\"198.51.100.7\",\"services\":[{\"kind\":\"turn\",\"transport\":\"udp\"}]}";
        ImportFindings found = new ImportFindings("198.51.100.7", List.of(FoundService.of(Kind.TURN, Transport.UDP)));
        assertEquals(found, ImportFindings.from(detail(result(turn))));
        assertEquals(turn, json.writeValueAsString(found));
        String first = "{\"services\":[{\"kind\":\"mqtt\",\"transport\":\"tcp\"}]}";
        ImportFindings noAddress = ImportFindings.from(detail(result(first)));
        assertEquals(new ImportFindings(null, List.of(FoundService.of(Kind.MQTT, Transport.TCP))), noAddress);
        assertEquals(first, json.writeValueAsString(noAddress));
    }

    @Test
    void endpoints_services_and_resolutions_round_trip_alone() throws Exception {
        Endpoint e = new Endpoint("2001:db8::1", 3478);
        assertEquals("{\"ip\":\"2001:db8::1\",\"port\":3478}", json.writeValueAsString(e));
        assertEquals(e, json.readValue(json.writeValueAsString(e), Endpoint.class));
        for (FoundService s : STUN_FOUND.services()) {
            assertEquals(s, json.readValue(json.writeValueAsString(s), FoundService.class));
        }
        Resolution r = new Resolution(List.of("192.0.2.1", "2001:db8::1"));
        assertEquals(RESOLVED, json.writeValueAsString(r));
        assertEquals(r, json.readValue(RESOLVED, Resolution.class));
        assertEquals(r, Resolution.from(detail(result(RESOLVED))));
        assertEquals(new Resolution(List.of()), Resolution.from(Map.of("addresses", List.of())));
    }

    @Test
    void the_other_details_a_probe_adds_travel_next_to_the_findings_and_are_ignored_by_them() throws Exception {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mapped_address", "203.0.113.9:40000");
        d.put("changed_address", "192.0.2.2:3479");
        d.putAll(STUN_FOUND.toDetail());
        d.put("not_found", List.of("tcp: connection refused"));
        ProbeResult sent = ProbeResult.of("L1", 7, true, 3.5, null, d);
        ProbeResult got = json.readValue(json.writeValueAsString(sent), ProbeResult.class);
        assertEquals(STUN_FOUND, ImportFindings.from(got.detail()));
        assertEquals("203.0.113.9:40000", got.detail().get("mapped_address"));
        assertEquals("192.0.2.2:3479", got.detail().get("changed_address"));
        assertEquals(List.of("tcp: connection refused"), got.detail().get("not_found"));
        Map<String, Object> resolved = new LinkedHashMap<>(new Resolution(List.of("192.0.2.1")).toDetail());
        resolved.put("ttl", 300);
        ProbeResult back = json.readValue(json.writeValueAsString(ProbeResult.of("L2", 8, true, 1.0, null,
                resolved)), ProbeResult.class);
        assertEquals(new Resolution(List.of("192.0.2.1")), Resolution.from(back.detail()));
        assertEquals(300, back.detail().get("ttl"));
    }

    @Test
    void a_misnamed_key_is_refused_naming_the_key_that_is_missing() throws Exception {
        refused(STUN.replace("\"services\"", "\"service\""), "services: missing");
        refused(STUN.replaceFirst("\"kind\"", "\"knd\""), "services[0].kind: missing");
        refused(STUN.replaceFirst("\"transport\"", "\"transports\""), "services[0].transport: missing");
        refused(STUN.replace("\"members\"", "\"member\""), "services[2].members: an RFC 3489 group needs 4 members");
        refused(STUN.replace("\"port\":3479}", "\"prt\":3479}"), "services[2].members[1].port: missing");
        refused(STUN.replaceFirst("\"ip\"", "\"address\""), "services[2].members[0].ip: missing");
        refusedResolution(RESOLVED.replace("addresses", "address"), "addresses: missing");
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_naming_the_key_and_what_was_found() throws Exception {
        refused(STUN.replace("\"port\":3478", "\"port\":\"3478\""),
                "services[2].members[0].port: expected a whole number but found text \"3478\"");
        refused(STUN.replace("\"port\":3478", "\"port\":3478.5"),
                "services[2].members[0].port: expected a whole number but found the number 3478.5");
        refused(STUN.replace("\"address\":\"192.0.2.1\"", "\"address\":42"),
                "address: expected text but found the number 42");
        refused("{\"services\":{\"kind\":\"stun\"}}", "services: expected a list but found an object");
        refused("{\"services\":[\"stun\"]}", "services[0]: expected an object but found text \"stun\"");
        refused("{\"services\":[null]}", "services[0]: missing");
        refused("{\"services\":[{\"kind\":7,\"transport\":\"udp\"}]}", "services[0].kind: expected text");
        refused("{\"services\":[{\"kind\":\"smtp\",\"transport\":\"tcp\"}]}", "services[0].kind: unknown kind 'smtp'");
        refused("{\"services\":[{\"kind\":\"turn\",\"transport\":\"sctp\"}]}",
                "services[0].transport: unknown transport 'sctp'");
        refusedResolution("{\"addresses\":[\"192.0.2.1\",4]}", "addresses[1]: expected text but found the number 4");
        refusedResolution("{\"addresses\":\"192.0.2.1\"}", "addresses: expected a list but found text");
    }

    @Test
    void a_finding_that_makes_no_sense_is_refused_by_its_record_naming_the_field() throws Exception {
        refused(STUN.replace("\"port\":3479}", "\"port\":0}"), "services[2].members[1].port: 0 is outside 1..65535");
        refused(STUN.replace(",{\"ip\":\"192.0.2.2\",\"port\":3479}", ""),
                "services[2].members: an RFC 3489 group needs 4 members, not 3");
        refused("{\"services\":[{\"kind\":\"turn\",\"transport\":\"icmp\"}]}",
                "services[0].transport: a turn service does not run over icmp");
        refused("{\"services\":[{\"kind\":\"stun-change\",\"transport\":\"tcp\",\"members\":[]}]}",
                "services[0].transport: an RFC 3489 group is checked over udp, not tcp");
        refused("{\"services\":[{\"kind\":\"turn\",\"transport\":\"udp\",\"members\":[{\"ip\":\"192.0.2.1\","
                + "\"port\":1}]}]}", "services[0].members: only an RFC 3489 group (stun-change) has members");
        assertMessage(() -> new FoundService(null, Transport.UDP, null), "kind: missing");
        assertMessage(() -> new Endpoint("192.0.2.1", 65536), "port: 65536 is outside 1..65535");
        assertMessage(() -> new Endpoint(" ", 1), "ip: missing or blank");
        assertMessage(() -> new ImportFindings("192.0.2.1", null), "services: missing");
        assertMessage(() -> new Resolution(java.util.Arrays.asList("192.0.2.1", null)), "addresses[1]: missing");
    }

    @Test
    void through_the_mapper_a_bad_finding_fails_with_the_same_named_reason() {
        JsonMappingException e = assertThrows(JsonMappingException.class, () -> json.readValue(
                STUN.replace("\"port\":3479}", "\"port\":0}"), ImportFindings.class));
        assertTrue(e.getMessage().contains("services[2].members[1].port: 0 is outside 1..65535"), e.getMessage());
    }

    private void refused(String detail, String expected) throws Exception {
        Map<String, Object> d = detail(result(detail));
        assertMessage(() -> ImportFindings.from(d), expected);
    }

    private void refusedResolution(String detail, String expected) throws Exception {
        Map<String, Object> d = detail(result(detail));
        assertMessage(() -> Resolution.from(d), expected);
    }

    private static void assertMessage(Runnable r, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "...' but got: " + e.getMessage());
    }
}
