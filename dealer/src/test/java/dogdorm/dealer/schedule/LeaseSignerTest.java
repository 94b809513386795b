package dogdorm.dealer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseSignerTest {
    private static final long T0 = 1_800_000_000_000L;
    @TempDir
    Path dir;

    private static Scheduler scheduler(LeaseSigner signer, long seed) {
        return new Scheduler(new Scheduler.Settings(Duration.ofMinutes(1), Duration.ofSeconds(120),
                Duration.ofSeconds(1), Duration.ofSeconds(10)), new Random(seed), signer);
    }

    private static Lease deal(Scheduler s, String worker) {
        s.put("#1", Kind.TCP, 4, new long[] {1}, null, T0, T0);
        return s.deal(List.of(Kind.TCP), List.of(4), 1, worker, null, T0).get(0);
    }

    @Test
    void a_lease_is_signed_for_its_worker_and_any_other_id_is_told_apart() throws IOException {
        Scheduler s = scheduler(LeaseSigner.ofDataFolder(dir), 1);
        Lease l = deal(s, "w-ams");
        assertTrue(l.id().matches("[0-9a-z]+-1\\.[A-Za-z0-9_-]{22}"), l.id());
        assertEquals(new LeaseSigner.Checked.Ok(l.id().substring(0, l.id().indexOf('.'))),
                s.checkSignature(l.id(), "w-ams"));
        assertInstanceOf(LeaseSigner.Checked.OtherWorker.class, s.checkSignature(l.id(), "w-nyc"));
        char last = l.id().charAt(l.id().length() - 1);
        String altered = l.id().substring(0, l.id().length() - 1) + (last == 'A' ? 'B' : 'A');
        var forged = assertInstanceOf(LeaseSigner.Checked.Forged.class, s.checkSignature(altered, "w-ams"));
        assertTrue(forged.why().contains("forged or altered"), forged.why());
        var unsigned = assertInstanceOf(LeaseSigner.Checked.Forged.class, s.checkSignature("stale", "w-ams"));
        assertEquals("lease 'stale' is not a lease id this dealer deals (no signature)", unsigned.why());
    }

    @Test
    void the_key_is_kept_in_the_data_folder_so_a_restarted_dealer_knows_its_own_leases() throws IOException {
        Lease before = deal(scheduler(LeaseSigner.ofDataFolder(dir), 1), "w-ams");
        Path key = dir.resolve(LeaseSigner.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        Scheduler after = scheduler(LeaseSigner.ofDataFolder(dir), 2);
        assertInstanceOf(LeaseSigner.Checked.Ok.class, after.checkSignature(before.id(), "w-ams"));
        assertEquals("lease from before the dealer restarted", after.whyNotLive(before.id()));

        Scheduler otherKey = scheduler(LeaseSigner.ofDataFolder(Files.createDirectory(dir.resolve("other"))), 3);
        assertInstanceOf(LeaseSigner.Checked.Forged.class, otherKey.checkSignature(before.id(), "w-ams"));

        Files.write(key, new byte[5]);
        IOException e = assertThrows(IOException.class, () -> LeaseSigner.ofDataFolder(dir));
        assertTrue(e.getMessage().contains("holds 5 bytes; a lease key needs 32"), e.getMessage());
    }
}
