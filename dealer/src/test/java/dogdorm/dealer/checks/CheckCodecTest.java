package dogdorm.dealer.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckCodecTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void checks_come_back_as_written_in_their_order() {
        List<CheckLog.Check> checks = List.of(
                new CheckLog.Check(T0.plusSeconds(10), "w-ams", true, 12.375, null),
                new CheckLog.Check(T0.plusSeconds(5), null, false, null, "connection refused (é)"),
                new CheckLog.Check(T0, "w-nyc", false, 1.5, "timeout after 1000 ms"));
        byte[] blob = CheckCodec.encode(checks);
        assertEquals(checks, CheckCodec.decode(blob));
        assertTrue(blob.length < 100, "compact: " + blob.length + " bytes for three checks");
    }

    @Test
    void thirty_checks_of_one_worker_five_minutes_apart_take_under_two_hundred_fifty_bytes() {
        List<CheckLog.Check> checks = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            checks.add(new CheckLog.Check(T0.minusSeconds(300L * i), "worker-1", i % 10 != 3,
                    i % 10 != 3 ? 12.0 + i * 0.125 : null, i % 10 != 3 ? null : "connection refused"));
        }
        byte[] blob = CheckCodec.encode(checks);
        assertEquals(checks, CheckCodec.decode(blob));
        assertTrue(blob.length < 250, blob.length + " bytes");
    }

    @Test
    void none_is_stored_as_null_and_read_back_as_none() {
        assertNull(CheckCodec.encode(List.of()));
        assertEquals(List.of(), CheckCodec.decode(null));
    }

    @Test
    void a_long_error_is_cut() {
        String long1 = "x".repeat(2000);
        CheckLog.Check c = CheckCodec.decode(CheckCodec.encode(List.of(new CheckLog.Check(T0, "w", false, null,
                long1)))).get(0);
        assertEquals(CheckCodec.MAX_ERROR, c.error().length());
    }

    @Test
    void a_damaged_record_is_refused_with_what_is_wrong() {
        byte[] blob = CheckCodec.encode(List.of(new CheckLog.Check(T0, "w", true, 2.0, null)));
        var cut = assertThrows(IllegalArgumentException.class,
                () -> CheckCodec.decode(Arrays.copyOf(blob, blob.length - 3)));
        assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
        byte[] future = blob.clone();
        future[0] = 9;
        var version = assertThrows(IllegalArgumentException.class, () -> CheckCodec.decode(future));
        assertEquals("check record version 9 (this dealer reads 1)", version.getMessage());
        var extra = assertThrows(IllegalArgumentException.class,
                () -> CheckCodec.decode(Arrays.copyOf(blob, blob.length + 2)));
        assertTrue(extra.getMessage().contains("2 bytes after the 1 checks"), extra.getMessage());
        var huge = assertThrows(IllegalArgumentException.class,
                () -> CheckCodec.decode(new byte[] {1, (byte) 0xff, (byte) 0xff, 0x7f}));
        assertTrue(huge.getMessage().contains("says 2097151 in a record of 4 bytes"), huge.getMessage());
    }
}
