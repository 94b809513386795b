package dogdorm.dealer.vantage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.worker.peers.Namespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Three real worker processes in three locations vote on loopback targets in a network namespace of the test's
 * own; each worker runs as its own user, so an iptables owner rule cuts one location off from a port
 * ({@link LocationsScenario} is the scene). One location cut off is a regional problem; two are an outage with one
 * incident; a worker whose network breaks (it reports everything down) is rated unhealthy and its votes stop
 * counting.
 */
class MultiLocationIT {
    @Test
    void locations_vote_regional_problems_outages_and_a_broken_worker() throws Exception {
        Path jar = Path.of("..", "worker", "target", "dogdorm-worker-all.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            Assumptions.abort(jar + " is missing: build the worker first (the reactor's verify does)");
        }
        Map<String, String> r = Namespace.run(List.of("true"), LocationsScenario.class, List.of(jar.toString()),
                "result.");
        String out = r.get("output");
        r.forEach((k, v) -> {
            if (k.startsWith("result.")) System.out.println(k + "=" + v); // the scene's figures, in the test log
        });
        assertEquals(null, r.get("result.error"), out);
        assertEquals("[ams]", r.get("result.regional"), out);
        assertEquals("up", r.get("result.state_one_cut"), "one location of three is not an outage\n" + out);
        assertEquals("0", r.get("result.incidents_one_cut"), out);
        assertEquals("down", r.get("result.state_two_cut"), out);
        assertEquals("1", r.get("result.incidents_two_cut"), "one outage, one incident\n" + out);
        assertEquals("up", r.get("result.printer_two_cut"), out);
        assertEquals("true", r.get("result.all_healthy_two_cut"), "locations cut off from one target are regional, "
                + "not broken\n" + out);
        assertTrue(Integer.parseInt(r.get("result.unhealthy_after_s")) <= 30, out);
        assertTrue(r.get("result.sin_why").startsWith("disagreed with the vote on"), out);
        assertEquals("up regional []", r.get("result.nas_after"), "the broken worker has no say\n" + out);
        assertEquals("up regional []", r.get("result.printer_after"), out);
        assertEquals("true", r.get("result.ams_healthy"), out);
        assertEquals("1", r.get("result.incidents_after"), out);
    }
}
