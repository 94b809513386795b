package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.FoundService;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.Resolution;
import dogdorm.common.wire.Task;
import dogdorm.worker.run.ProbeRunner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Name resolution for the dealer's aliases, and candidate validation through the runner. */
class ResolveProbeTest {
    private static final Resolver FIXED = new Resolver() {
        @Override
        public InetAddress resolve(String host, int family) throws UnknownHostException {
            return resolveAll(host, family).get(0);
        }

        @Override
        public List<InetAddress> resolveAll(String host, int family) throws UnknownHostException {
            if (host.equals("gone.example")) {
                throw new UnknownHostException("gone.example: no such name (NXDOMAIN)");
            }
            return List.of(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("192.0.2.8"),
                    InetAddress.getByName("192.0.2.7"));
        }
    };

    private static JobTarget named(String host) {
        return new JobTarget(3L, Kind.RESOLVE, 4, null, host, null, 0, null, null, null, null);
    }

    @Test
    void a_name_resolves_to_every_distinct_address_in_order() {
        ProbeReport r = new ResolveProbe(FIXED).check(named("svc.example"), Duration.ofSeconds(1));
        assertTrue(r.up());
        assertEquals(new Resolution(List.of("192.0.2.7", "192.0.2.8")), Resolution.from(r.detail()));
    }

    @Test
    void a_name_that_does_not_resolve_is_down_with_the_resolvers_reason() {
        ProbeReport r = new ResolveProbe(FIXED).check(named("gone.example"), Duration.ofSeconds(1));
        assertFalse(r.up());
        assertEquals("gone.example: no such name (NXDOMAIN)", r.error());
    }

    @Test
    void an_import_job_runs_the_kinds_importer_and_reports_the_services_found() {
        Probe ntp = new FakeProbe(Kind.NTP, (target, timeout) -> ProbeReport.up(2.0, Map.of("stratum", 2)));
        ProbeRunner runner = new ProbeRunner(new Probes(List.of(ntp), List.of(new ProbeImporter(ntp, FIXED))));
        Job job = new Job("L", Kind.NTP, Task.IMPORT, List.of(new JobTarget(9L, Kind.NTP, 4, null, null,
                "192.0.2.1", 123, null, null, null, null)), Instant.now().plusSeconds(60));
        ProbeResult r = runner.run(job).get(0);
        assertTrue(r.up());
        assertEquals(new ImportFindings("192.0.2.1", List.of(FoundService.of(Kind.NTP, Transport.UDP))),
                ImportFindings.from(r.detail()));
        assertEquals(2, r.detail().get("stratum"), "the probe's own details stay next to the findings");
        Job mqtt = new Job("L", Kind.MQTT, Task.IMPORT, List.of(new JobTarget(9L, Kind.MQTT, 4, null, null,
                "192.0.2.1", 1883, null, null, null, null)), Instant.now().plusSeconds(60));
        ProbeResult fault = runner.run(mqtt).get(0);
        assertTrue(fault.fault(), "a worker without the importer says so, it does not fail the candidate");
    }

    @Test
    void a_named_candidate_is_resolved_once_and_checked_at_that_address() throws Exception {
        List<JobTarget> checked = new ArrayList<>();
        Probe turn = new FakeProbe(Kind.TURN, (target, timeout) -> {
            checked.add(target);
            return ProbeReport.up(3.0, Map.of());
        });
        ProbeImporter importer = new ProbeImporter(turn, FIXED);
        ProbeReport r = importer.validate(new JobTarget(5L, Kind.TURN, 4, null, "turn.example", null, 3478, "u", "p",
                null, null), Duration.ofSeconds(1));
        assertTrue(r.up());
        assertEquals("192.0.2.7", ImportFindings.from(r.detail()).address());
        assertEquals(1, checked.size());
        assertEquals("192.0.2.7", checked.get(0).ip());
        assertEquals("turn.example", checked.get(0).host());
        assertEquals("p", checked.get(0).password());

        ProbeReport gone = importer.validate(new JobTarget(6L, Kind.TURN, 4, null, "gone.example", null, 3478, null,
                null, null, null), Duration.ofSeconds(1));
        assertFalse(gone.up());
        assertEquals("cannot resolve: gone.example: no such name (NXDOMAIN)", gone.error());
        assertEquals(1, checked.size(), "a name that does not resolve is not checked");
    }
}
