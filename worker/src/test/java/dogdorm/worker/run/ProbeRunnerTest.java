package dogdorm.worker.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.worker.probe.FakeProbe;
import dogdorm.worker.probe.Probe;
import dogdorm.worker.probe.ProbeReport;
import dogdorm.worker.probe.Probes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {

    private static Job job(Kind kind, int timeoutMs, long... ids) {
        List<JobTarget> ts = new ArrayList<>();
        for (long id : ids) {
            ts.add(new JobTarget(id, kind, 4, null, null, "127.0.0.1", 9, null, null, timeoutMs, null));
        }
        return new Job("L1", kind, null, ts, Instant.now().plusSeconds(60));
    }

    private static Probe probe(Kind kind, FakeProbe.Answer check) {
        return new FakeProbe(kind, check);
    }

    @Test
    void a_probe_that_overruns_its_timeout_is_cut_off_and_reported_down() {
        ProbeRunner runner = new ProbeRunner(new Probes(List.of(probe(Kind.TCP, (t, timeout) -> {
            Thread.sleep(60_000);
            return ProbeReport.up(1, Map.of());
        }))));
        long start = System.nanoTime();
        List<ProbeResult> r = runner.run(job(Kind.TCP, 300, 1));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.get(0).up());
        assertEquals("timed out after 300 ms", r.get(0).error());
        assertFalse(r.get(0).fault());
        assertTrue(ms >= 300 && ms < 300 + ProbeRunner.GRACE.toMillis() + 400, "took " + ms + " ms");
    }

    @Test
    void an_exception_is_a_down_with_its_message_never_a_crash() {
        ProbeRunner runner = new ProbeRunner(new Probes(List.of(probe(Kind.TCP, (t, timeout) -> {
            throw new IOException("garbage reply");
        }))));
        ProbeResult r = runner.run(job(Kind.TCP, 1000, 7)).get(0);
        assertFalse(r.up());
        assertEquals("IOException: garbage reply", r.error());
        assertEquals(7, r.target());
        assertEquals("L1", r.lease());
    }

    @Test
    void a_kind_without_a_probe_is_a_worker_fault_not_a_target_failure() {
        ProbeResult r = new ProbeRunner(new Probes(List.of())).run(job(Kind.NTP, 1000, 1)).get(0);
        assertTrue(r.fault());
        assertTrue(r.error().contains("no probe for kind ntp"));
    }

    @Test
    void wall_time_is_the_latency_when_the_probe_reports_none() {
        ProbeRunner runner = new ProbeRunner(new Probes(List.of(probe(Kind.TCP, (t, timeout) -> {
            Thread.sleep(30);
            return new ProbeReport(true, null, null, Map.of("k", "v"));
        }))));
        ProbeResult r = runner.run(job(Kind.TCP, 1000, 1)).get(0);
        assertTrue(r.up());
        assertTrue(r.latencyMs() >= 30, "latency " + r.latencyMs());
        assertEquals("v", r.detail().get("k"));
    }

    @Test
    void a_group_gets_one_result_per_member_in_order() {
        ProbeRunner runner = new ProbeRunner(new Probes(List.of(probe(Kind.TCP, (t, timeout) ->
                t.id() == 2 ? ProbeReport.down("refused") : ProbeReport.up(1.0, Map.of())))));
        List<ProbeResult> r = runner.run(job(Kind.TCP, 1000, 1, 2, 3));
        assertEquals(List.of(1L, 2L, 3L), r.stream().map(ProbeResult::target).toList());
        assertEquals(List.of(true, false, true), r.stream().map(ProbeResult::up).toList());
        assertEquals("refused", r.get(1).error());
    }
}
