package dogdorm.worker.probe;

import static dogdorm.worker.probe.StunTargets.aTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.worker.peers.Coturn;
import dogdorm.worker.probe.codec.Endpoints;
import dogdorm.worker.run.ProbeRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StunChangeProbe} against a real coturn with and without RFC 5780. */
class StunChangeProbeIT extends WithCoturns {
    private final StunChangeProbe probe = new StunChangeProbe(Resolver.system());

    private static List<JobTarget> group(Coturn c) {
        return List.of(
                aTarget(Kind.STUN_CHANGE).ip(c.primaryIp()).port(c.port()).build(),
                aTarget(Kind.STUN_CHANGE).ip(c.primaryIp()).port(c.altPort()).build(),
                aTarget(Kind.STUN_CHANGE).ip(c.altIp()).port(c.port()).build(),
                aTarget(Kind.STUN_CHANGE).ip(c.altIp()).port(c.altPort()).build());
    }

    @Test
    void all_four_members_of_an_rfc5780_server_are_up() throws Exception {
        List<ProbeReport> reports = probe.checkGroup(group(coturn), Duration.ofSeconds(2));
        assertEquals(4, reports.size());
        for (ProbeReport r : reports) {
            assertTrue(r.up(), () -> r.error() + "\n" + coturn.logTail());
            assertTrue(((String) r.detail().get("mapped_address")).startsWith("127.0.0.1:"), r.detail().toString());
        }
        ProbeReport primary = reports.get(0);
        assertEquals("127.0.0.1:" + coturn.altPort(), primary.detail().get("change_port_from"));
        assertEquals("127.0.0.2:" + coturn.altPort(), primary.detail().get("change_ip_port_from"));
        assertEquals("127.0.0.2:" + coturn.altPort(), primary.detail().get("changed_address"));
    }

    @Test
    void group_job_run_by_the_worker_gives_one_up_result_per_member() {
        List<JobTarget> members = group(coturn);
        Job job = new Job("lease-1", Kind.STUN_CHANGE, null, members, Instant.now().plusSeconds(60));
        List<ProbeResult> results = new ProbeRunner(Probes.standard(Resolver.system())).run(job);
        assertEquals(4, results.size());
        for (int i = 0; i < 4; i++) {
            ProbeResult r = results.get(i);
            assertEquals(members.get(i).id(), r.target());
            assertTrue(r.up(), r.error());
            assertFalse(r.fault());
            assertTrue(r.latencyMs() != null && r.latencyMs() < 1_000, "latency " + r.latencyMs());
        }
    }

    @Test
    void single_target_finds_the_alternate_endpoint_from_changed_address_and_is_up() throws Exception {
        List<ProbeReport> reports = probe.checkGroup(List.of(group(coturn).get(0)), Duration.ofSeconds(2));
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).up(), reports.get(0).error());
        assertEquals("127.0.0.2:" + coturn.altPort(), reports.get(0).detail().get("changed_address"));
    }

    @Test
    void discovery_from_the_primary_alone_names_the_four_members_and_reports_each() throws Exception {
        StunChangeProbe.Discovery d = probe.discover(group(coturn).get(0), Duration.ofSeconds(2));
        assertEquals(List.of("127.0.0.1:" + coturn.port(), "127.0.0.1:" + coturn.altPort(),
                "127.0.0.2:" + coturn.port(), "127.0.0.2:" + coturn.altPort()),
                d.members().stream().map(Endpoints::text).toList());
        assertEquals(4, d.reports().size());
        for (ProbeReport r : d.reports()) {
            assertTrue(r.up(), r.error());
        }

        StunChangeProbe.Discovery none = probe.discover(group(anonymous).get(0), Duration.ofSeconds(2));
        assertEquals(List.of(), none.members());
        assertEquals(1, none.reports().size());
        assertFalse(none.reports().get(0).up());
    }

    @Test
    void server_refusing_change_requests_has_all_four_members_down_with_the_reason() throws Exception {
        List<ProbeReport> reports = probe.checkGroup(group(anonymous), Duration.ofSeconds(2));
        assertEquals(4, reports.size());
        for (ProbeReport r : reports) {
            assertFalse(r.up());
            assertTrue(r.error().startsWith("change port: server answered Binding error response 420"), r.error());
        }
    }

    @Test
    void single_target_on_a_server_without_rfc5780_is_down_as_it_names_itself_as_alternate() throws Exception {
        // coturn without RFC 5780 still sends CHANGED-ADDRESS to classic requests: its own address
        ProbeReport r = probe.check(group(anonymous).get(0), Duration.ofSeconds(2));
        assertFalse(r.up());
        assertTrue(r.error().startsWith("the server names itself (127.0.0.1:" + anonymous.port() + ")"), r.error());
    }

    @Test
    void members_in_the_wrong_order_are_all_down_before_anything_is_sent() throws Exception {
        List<JobTarget> g = group(coturn);
        List<ProbeReport> reports = probe.checkGroup(List.of(g.get(0), g.get(2), g.get(1), g.get(3)),
                Duration.ofSeconds(2));
        for (ProbeReport r : reports) {
            assertFalse(r.up());
            assertTrue(r.error().startsWith("member 2 is 127.0.0.2:" + coturn.port()
                    + ", but the primary ip, alt port member must have the primary's IP 127.0.0.1"), r.error());
        }
    }
}
