package dogdorm.worker.probe;

import static dogdorm.worker.probe.StunTargets.aTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StunChangeProbeTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private final StunChangeProbe probe = new StunChangeProbe(Resolver.system());

    @BeforeAll
    static void warmUp() throws Exception {
        WarmUp.timeoutPaths();
    }

    private static List<JobTarget> group(FakeChangeServer s) {
        return List.of(member("127.0.0.1", s.port()), member("127.0.0.1", s.port() + 1),
                member("127.0.0.2", s.port()), member("127.0.0.2", s.port() + 1));
    }

    private static JobTarget member(String ip, int port) {
        return aTarget(Kind.STUN_CHANGE).ip(ip).port(port).build();
    }

    private static void assertAllDown(List<ProbeReport> reports, String reason) {
        assertEquals(4, reports.size());
        for (ProbeReport r : reports) {
            assertFalse(r.up(), "up, but expected down with: " + reason);
            assertEquals(reason, r.error());
        }
    }

    @Test
    void change_request_answered_from_alt_port_is_up() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer(FakeChangeServer.HONEST)) {
            List<ProbeReport> reports = probe.checkGroup(group(s), TIMEOUT);
            assertEquals(4, reports.size());
            for (ProbeReport r : reports) {
                assertTrue(r.up(), r.error());
                assertTrue(r.latencyMs() < TIMEOUT.toMillis());
            }
            ProbeReport primary = reports.get(0);
            assertEquals("127.0.0.1:" + (s.port() + 1), primary.detail().get("change_port_from"));
            assertEquals("127.0.0.2:" + (s.port() + 1), primary.detail().get("change_ip_port_from"));
            assertEquals("127.0.0.2:" + (s.port() + 1), primary.detail().get("changed_address"));
        }
    }

    @Test
    void change_port_answered_from_the_primary_itself_is_down_naming_that_address() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer((at, ip, port) -> at ^ (ip ? 2 : 0))) {
            assertAllDown(probe.checkGroup(group(s), TIMEOUT), "change port: reply came from 127.0.0.1:" + s.port()
                    + ", expected 127.0.0.1:" + (s.port() + 1));
        }
    }

    @Test
    void change_ip_and_port_answered_from_alt_ip_but_primary_port_is_down() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer((at, ip, port) -> at ^ (ip ? 2 : 0) ^ (port && !ip ? 1 : 0))) {
            assertAllDown(probe.checkGroup(group(s), TIMEOUT), "change ip and port: reply came from 127.0.0.2:"
                    + s.port() + ", expected 127.0.0.2:" + (s.port() + 1));
        }
    }

    @Test
    void change_requests_left_unanswered_are_down_within_the_timeout() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer((at, ip, port) -> ip || port ? -1 : at)) {
            long start = System.nanoTime();
            List<ProbeReport> reports = probe.checkGroup(group(s), TIMEOUT);
            Deadlines.assertNotAfter(start, TIMEOUT);
            assertTrue(reports.get(0).error().startsWith("change port: no answer from 127.0.0.1:" + s.port()),
                    reports.get(0).error());
            assertAllDown(reports, reports.get(0).error());
        }
    }

    @Test
    void failed_change_request_stops_the_wait_for_the_other_members() throws Exception {
        // change requests are answered at once from the wrong address; the members never answer plain requests
        try (FakeChangeServer s = new FakeChangeServer((at, ip, port) -> at == 0 ? 0 : -1)) {
            long start = System.nanoTime();
            List<ProbeReport> reports = probe.checkGroup(group(s), Deadlines.LONG);
            Deadlines.assertDidNotWait(start); // for members whose answers no longer matter
            assertAllDown(reports, "change port: reply came from 127.0.0.1:" + s.port() + ", expected 127.0.0.1:"
                    + (s.port() + 1));
        }
    }

    @Test
    void member_that_does_not_answer_plain_requests_is_down_alone() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer((at, ip, port) -> at == 2 && !ip && !port ? -1
                : FakeChangeServer.HONEST.answerFrom(at, ip, port))) {
            List<ProbeReport> reports = probe.checkGroup(group(s), TIMEOUT);
            assertTrue(reports.get(0).up(), reports.get(0).error());
            assertTrue(reports.get(1).up(), reports.get(1).error());
            assertFalse(reports.get(2).up());
            assertTrue(reports.get(2).error().startsWith("plain request to 127.0.0.2:" + s.port() + ": no answer"),
                    reports.get(2).error());
            assertTrue(reports.get(3).up(), reports.get(3).error());
        }
    }

    @Test
    void silent_primary_has_all_four_down_within_the_timeout() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer((at, ip, port) -> -1)) {
            long start = System.nanoTime();
            List<ProbeReport> reports = probe.checkGroup(group(s), Deadlines.SILENT);
            Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
            assertTrue(reports.get(0).error().startsWith("plain request to 127.0.0.1:" + s.port() + ": no answer"));
            assertAllDown(reports, reports.get(0).error());
        }
    }

    @Test
    void group_whose_ips_are_the_same_is_all_down_before_anything_is_sent() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer(FakeChangeServer.HONEST)) {
            List<JobTarget> g = List.of(member("127.0.0.1", s.port()), member("127.0.0.1", s.port() + 1),
                    member("127.0.0.1", s.port()), member("127.0.0.1", s.port() + 1));
            assertAllDown(probe.checkGroup(g, TIMEOUT),
                    "primary and alternate IP are the same (127.0.0.1): the change-IP test needs two");
            assertEquals(0, s.received());
        }
    }

    @Test
    void group_whose_ports_are_the_same_is_all_down_before_anything_is_sent() throws Exception {
        List<JobTarget> g = List.of(member("127.0.0.1", 3478), member("127.0.0.1", 3478),
                member("127.0.0.2", 3478), member("127.0.0.2", 3478));
        assertAllDown(probe.checkGroup(g, TIMEOUT),
                "primary and alternate port are the same (3478): the change-port test needs two");
    }

    @Test
    void fourth_member_that_does_not_match_the_others_is_named() throws Exception {
        List<JobTarget> g = List.of(member("127.0.0.1", 3478), member("127.0.0.1", 3479),
                member("127.0.0.2", 3478), member("127.0.0.3", 3479));
        assertAllDown(probe.checkGroup(g, TIMEOUT),
                "member 4 is 127.0.0.3:3479, but the alt ip, alt port member of this group is 127.0.0.2:3479");
    }

    @Test
    void group_of_three_is_all_down() throws Exception {
        List<ProbeReport> reports = probe.checkGroup(List.of(member("127.0.0.1", 1), member("127.0.0.1", 2),
                member("127.0.0.2", 1)), TIMEOUT);
        assertEquals(3, reports.size());
        for (ProbeReport r : reports) {
            assertTrue(r.error().endsWith("this one has 3"), r.error());
        }
    }

    @Test
    void tcp_member_is_refused_as_change_requests_are_udp_only() throws Exception {
        List<JobTarget> g = List.of(member("127.0.0.1", 1), member("127.0.0.1", 2),
                aTarget(Kind.STUN_CHANGE).ip("127.0.0.2").port(1).transport(Transport.TCP).build(), member("127.0.0.2", 2));
        assertAllDown(probe.checkGroup(g, TIMEOUT), "stun-change runs over UDP only, member 3 says tcp");
    }

    @Test
    void single_target_finds_its_alternate_in_changed_address() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer(FakeChangeServer.HONEST)) {
            ProbeReport r = probe.check(member("127.0.0.1", s.port()), TIMEOUT);
            assertTrue(r.up(), r.error());
            assertEquals("127.0.0.2:" + (s.port() + 1), r.detail().get("changed_address"));
        }
    }

    @Test
    void single_target_falls_back_to_other_address_of_an_rfc5780_answer() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer(FakeChangeServer.HONEST, false)) {
            ProbeReport r = probe.check(member("127.0.0.1", s.port()), TIMEOUT);
            assertTrue(r.up(), r.error());
            assertEquals("127.0.0.2:" + (s.port() + 1), r.detail().get("other_address"));
            assertFalse(r.detail().containsKey("changed_address"));
        }
    }

    @Test
    void a_public_only_target_sends_nothing_to_an_alternate_address_the_policy_refuses() throws Exception {
        try (FakeChangeServer s = new FakeChangeServer(FakeChangeServer.HONEST)) {
            // the server at 127.0.0.1 names 127.0.0.2 (its member 3) as its alternate: loopback, refused
            ProbeReport r = probe.check(aTarget(Kind.STUN_CHANGE).ip("127.0.0.1").port(s.port()).publicOnly().build(),
                    TIMEOUT);
            assertFalse(r.up());
            assertEquals("the server names 127.0.0.2:" + (s.port() + 1) + " as its alternate address, a loopback "
                    + "address: refused by the public-server policy, nothing sent there", r.error());
            assertEquals(1, s.received(0), "only the plain request to the target itself");
            for (int m = 1; m < 4; m++) {
                assertEquals(0, s.received(m), "nothing reached member " + m);
            }
        }
    }
}
