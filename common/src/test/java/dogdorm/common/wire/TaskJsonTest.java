package dogdorm.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's task on the wire: the words "check", "import" and "resolve", as before it was an enum. */
class TaskJsonTest {
    private final ObjectMapper json = Json.newMapper();
    private static final String IMPORT_JOB = """
            {"lease":"L1","kind":"stun","task":"import","targets":[{"id":7,"kind":"stun","family":4,\
            "host":"stun.example.org","port":3478}],"deadline":"2026-11-22T10:00:00Z"}""";

    @Test
    void each_task_is_written_as_its_word_and_read_back() throws Exception {
        for (Task t : Task.values()) {
            String text = json.writeValueAsString(t);
            assertEquals("\"" + t.wire() + "\"", text);
            assertEquals(t, json.readValue(text, Task.class));
        }
        assertEquals(List.of("check", "import", "resolve"), List.of(Task.values()).stream().map(Task::wire).toList());
    }

    @Test
    void a_job_in_todays_shape_reads_its_task_and_writes_the_same_word() throws Exception {
        Job job = json.readValue(IMPORT_JOB, Job.class);
        assertEquals(Task.IMPORT, job.task());
        assertTrue(json.writeValueAsString(job).contains("\"task\":\"import\""), json.writeValueAsString(job));
        Job resolve = new Job("L2", Kind.RESOLVE, Task.RESOLVE, job.targets(), Instant.EPOCH);
        assertTrue(json.writeValueAsString(resolve).contains("\"task\":\"resolve\""));
        assertEquals(resolve, json.readValue(json.writeValueAsString(resolve), Job.class));
    }

    @Test
    void a_job_without_a_task_or_with_a_null_one_is_a_check() throws Exception {
        assertEquals(Task.CHECK, json.readValue(IMPORT_JOB.replace("\"task\":\"import\",", ""), Job.class).task());
        assertEquals(Task.CHECK, json.readValue(IMPORT_JOB.replace("\"import\"", "null"), Job.class).task());
    }

    @Test
    void an_unknown_task_is_refused_naming_itself_and_the_known_ones() {
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> json.readValue(IMPORT_JOB.replace("\"import\"", "\"discover\""), Job.class));
        assertTrue(e.getMessage().contains("unknown task 'discover': expected one of check, import, resolve"),
                e.getMessage());
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> Task.parse("imports"));
        assertTrue(direct.getMessage().contains("'imports'"), direct.getMessage());
    }

    @Test
    void a_task_of_the_wrong_type_is_refused_by_the_strict_mapper() {
        assertThrows(JsonMappingException.class, () -> Json.newStrictMapper()
                .readValue(IMPORT_JOB.replace("\"import\"", "1"), Job.class));
    }
}
