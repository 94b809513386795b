package dogdorm.worker.probe;

import static dogdorm.worker.probe.StunTargets.aTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The STUN and TURN probes close every socket they open, whatever the server does: hundreds of checks against
 * closed ports, silent servers, wrong servers and answering servers leave the process's open file descriptors
 * where they were.
 */
class StunProbesLeakTest {
    /**
     * Generous: 660 checks run at once on a small machine, one single-threaded fake server answers 60 TURN checks
     * (four transactions each), and the point is descriptors, not speed.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static int closedPort(boolean udp) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        if (udp) {
            try (DatagramSocket d = new DatagramSocket(0, lo)) {
                return d.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, lo)) {
            return s.getLocalPort();
        }
    }

    @Test
    void hundreds_of_failing_and_passing_checks_leave_no_file_descriptor_open() throws Exception {
        StunProbe stun = new StunProbe(Resolver.system());
        TurnProbe turn = new TurnProbe(Resolver.system());
        StunChangeProbe change = new StunChangeProbe(Resolver.system());
        int closedUdp = closedPort(true);
        int closedTcp = closedPort(false);
        try (FakeStunServer silentUdp = FakeStunServer.udp("127.0.0.1", r -> List.of());
             FakeStunServer silentTcp = FakeStunServer.tcp("127.0.0.1", r -> List.of());
             FakeStunServer hangUpTcp = FakeStunServer.tcp("127.0.0.1", r -> List.of(new byte[0]));
             FakeStunServer answering = FakeStunServer.udp("127.0.0.1", new FakeTurn(true));
             // answers change requests from the wrong address at once, and no member answers: the group check
             // gives up on the members' requests while they are still waiting
             FakeChangeServer wrongChange = new FakeChangeServer((at, ip, port) -> at == 0 ? 0 : -1)) {
            List<JobTarget> group = List.of(
                    aTarget(Kind.STUN_CHANGE).port(wrongChange.port()).build(),
                    aTarget(Kind.STUN_CHANGE).port(wrongChange.port() + 1).build(),
                    aTarget(Kind.STUN_CHANGE).ip("127.0.0.2").port(wrongChange.port()).build(),
                    aTarget(Kind.STUN_CHANGE).ip("127.0.0.2").port(wrongChange.port() + 1).build());
            List<Callable<ProbeReport>> checks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                checks.add(() -> stun.check(target(Kind.STUN, Transport.UDP, closedUdp), TIMEOUT));
                checks.add(() -> stun.check(target(Kind.STUN, Transport.TCP, closedTcp), TIMEOUT));
                checks.add(() -> stun.check(target(Kind.STUN, Transport.UDP, silentUdp.port()), TIMEOUT));
                checks.add(() -> stun.check(target(Kind.STUN, Transport.TCP, silentTcp.port()), TIMEOUT));
                checks.add(() -> stun.check(target(Kind.STUN, Transport.TCP, hangUpTcp.port()), TIMEOUT));
                checks.add(() -> turn.check(target(Kind.TURN, Transport.UDP, silentUdp.port()), TIMEOUT));
                checks.add(() -> turn.check(target(Kind.TURN, Transport.TCP, closedTcp), TIMEOUT));
                checks.add(() -> turn.check(target(Kind.TURN, Transport.TCP, silentTcp.port()), TIMEOUT));
                checks.add(() -> turn.check(target(Kind.TURN, Transport.UDP, answering.port()), TIMEOUT));
                checks.add(() -> change.check(target(Kind.STUN_CHANGE, Transport.UDP, silentUdp.port()), TIMEOUT));
                checks.add(() -> change.checkGroup(group, TIMEOUT).get(3));
            }
            runAll(checks.subList(0, 11)); // load every class and the I/O poller before counting
            long before = Leaks.openFileDescriptors();
            List<ProbeReport> reports = runAll(checks);
            // the fake servers' threads close the connections they accepted just after the probes hang up
            long until = System.nanoTime() + 2_000_000_000L;
            while (Leaks.openFileDescriptors() > before + 2 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            long after = Leaks.openFileDescriptors();
            assertEquals(660, reports.size());
            assertEquals(60, reports.stream().filter(ProbeReport::up).count(), () -> "only the answering TURN server is up: "
                    + reports.stream().filter(r -> !r.up()).map(ProbeReport::error)
                    .map(e -> e.replaceAll("\\d+", "N")).distinct().toList());
            assertTrue(after <= before + 2, "open file descriptors went from " + before + " to " + after);
        }
    }

    private static JobTarget target(Kind kind, Transport t, int port) {
        return aTarget(kind).port(port).transport(t).timeoutMs((int) TIMEOUT.toMillis()).build();
    }

    private static List<ProbeReport> runAll(List<Callable<ProbeReport>> checks) throws Exception {
        List<ProbeReport> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<ProbeReport> f : pool.invokeAll(checks)) {
                out.add(f.get());
            }
        }
        return out;
    }
}
