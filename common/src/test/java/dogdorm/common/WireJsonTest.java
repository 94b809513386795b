package dogdorm.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.Task;
import dogdorm.common.wire.WorkRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireJsonTest {
    private final ObjectMapper json = Json.newMapper();

    @Test
    void work_request_in_the_documented_shape_parses() throws Exception {
        WorkRequest r = json.readValue("""
                {"worker":"w1","location":"ams","families":[4,6],"kinds":["tcp"],"max":8}""", WorkRequest.class);
        assertEquals("w1", r.worker());
        assertEquals("ams", r.location());
        assertEquals(List.of(4, 6), r.families());
        assertEquals(List.of(Kind.TCP), r.kinds());
        assertEquals(8, r.max());
        assertEquals(0, r.waitMs());
    }

    @Test
    void work_request_defaults_to_every_kind_and_family() throws Exception {
        WorkRequest r = json.readValue("{\"worker\":\"w1\"}", WorkRequest.class);
        assertEquals(List.of(4, 6), r.families());
        assertEquals(Kind.values().length, r.kinds().size());
        assertEquals(1, r.max());
    }

    @Test
    void bad_fields_are_named_in_the_error() {
        assertMessage("{\"worker\":\"\"}", WorkRequest.class, "worker");
        assertMessage("{\"worker\":\"w\",\"families\":[5]}", WorkRequest.class, "families[0]");
        assertMessage("{\"worker\":\"w\",\"kinds\":[\"smtp\"]}", WorkRequest.class, "unknown kind 'smtp'");
        assertMessage("{\"worker\":\"w\",\"max\":0}", WorkRequest.class, "max");
        assertMessage("{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":1}]}", ResultBatch.class, "up: missing");
        assertMessage("{\"worker\":\"w\"}", ResultBatch.class, "results: missing");
    }

    @Test
    void public_only_is_sent_only_when_set_and_absent_means_no_rule() throws Exception {
        JobTarget strict = new JobTarget(1L, Kind.TCP, 4, null, "box.example", null, 80, null, null, null, null, true);
        assertTrue(json.writeValueAsString(strict).contains("\"public_only\":true"));
        JobTarget plain = new JobTarget(1L, Kind.TCP, 4, null, "box.example", null, 80, null, null, null, null);
        assertFalse(json.writeValueAsString(plain).contains("public_only"));
        assertTrue(json.readValue(json.writeValueAsString(strict), JobTarget.class).publicOnly());
        assertFalse(json.readValue("{\"id\":1,\"kind\":\"tcp\",\"family\":4,\"host\":\"b.example\"}",
                JobTarget.class).publicOnly());
        assertTrue(strict.at(Kind.STUN, null, "192.0.2.1", 3478).publicOnly(), "kept by at()");
    }

    @Test
    void the_strict_mapper_refuses_values_of_the_wrong_type() throws Exception {
        ObjectMapper strict = Json.newStrictMapper();
        for (String body : new String[] {"{\"worker\":123}", "{\"worker\":\"w\",\"max\":1.5}",
                "{\"worker\":\"w\",\"families\":[\"6\"]}", "{\"worker\":\"w\",\"max\":\"3\"}",
                "{\"worker\":true}"}) {
            assertThrows(JsonMappingException.class, () -> strict.readValue(body, WorkRequest.class), body);
            json.readValue(body.replace("123", "\"w\"").replace("true", "\"w\""), WorkRequest.class); // lenient
        }
        for (String up : new String[] {"1", "\"true\""}) {
            String body = "{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":1,\"up\":" + up + "}]}";
            assertThrows(JsonMappingException.class, () -> strict.readValue(body, ResultBatch.class), body);
        }
        String fractional = "{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":1.5,\"up\":true}]}";
        assertThrows(JsonMappingException.class, () -> strict.readValue(fractional, ResultBatch.class));
        assertEquals(8, strict.readValue("{\"worker\":\"w\",\"max\":8}", WorkRequest.class).max());
    }

    @Test
    void a_failed_check_posted_without_a_reason_gets_one() throws Exception {
        ResultBatch b = json.readValue("{\"worker\":\"w\",\"results\":[{\"lease\":\"a\",\"target\":1,\"up\":false},"
                + "{\"lease\":\"a\",\"target\":2,\"up\":false,\"error\":\" \"},"
                + "{\"lease\":\"a\",\"target\":3,\"up\":true}]}", ResultBatch.class);
        assertEquals(ProbeResult.NO_REASON, b.results().get(0).error());
        assertEquals(ProbeResult.NO_REASON, b.results().get(1).error());
        assertNull(b.results().get(2).error(), "a success needs no reason");
    }

    private void assertMessage(String body, Class<?> type, String expected) {
        JsonMappingException e = assertThrows(JsonMappingException.class, () -> json.readValue(body, type));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void job_round_trips_with_snake_case_and_iso_times() throws Exception {
        Job job = new Job("L1", Kind.TCP, null, List.of(new JobTarget(7L, Kind.TCP, 4, null, null, "192.0.2.1", 80,
                null, null, null, Map.of())), Instant.parse("2026-11-22T10:00:00Z"));
        String text = json.writeValueAsString(job);
        assertTrue(text.contains("\"deadline\":\"2026-11-22T10:00:00Z\""), text);
        assertTrue(text.contains("\"timeout_ms\":5000"), text);
        assertTrue(text.contains("\"transport\":\"tcp\""), text);
        assertFalse(text.contains("password"), text);
        Job back = json.readValue(text, Job.class);
        assertEquals(job, back);
        assertEquals(Task.CHECK, back.task());
    }

    @Test
    void job_target_text_never_shows_a_password() {
        JobTarget t = new JobTarget(1L, Kind.TURN, 4, null, "turn.example", null, 3478, "u", "s3cret", null, null);
        assertFalse(t.toString().contains("s3cret"));
        assertNull(t.ip());
    }
}
