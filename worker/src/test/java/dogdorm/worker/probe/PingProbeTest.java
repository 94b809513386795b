package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingProbeTest {
    // outputs of iputils ping 20221126, as run here
    static final String V4_REPLY = """
            PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
            64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.070 ms

            --- 127.0.0.1 ping statistics ---
            1 packets transmitted, 1 received, 0% packet loss, time 0ms
            rtt min/avg/max/mdev = 0.070/0.070/0.070/0.000 ms
            """;
    static final String V6_REPLY = """
            PING ::1(::1) 56 data bytes
            64 bytes from ::1: icmp_seq=1 ttl=64 time=0.016 ms

            --- ::1 ping statistics ---
            1 packets transmitted, 1 received, 0% packet loss, time 0ms
            rtt min/avg/max/mdev = 0.016/0.016/0.016/0.000 ms
            """;
    static final String NO_REPLY = """
            PING 2001:db8::1(2001:db8::1) 56 data bytes

            --- 2001:db8::1 ping statistics ---
            1 packets transmitted, 0 received, 100% packet loss, time 0ms

            """;
    static final String UNREACHABLE = """
            PING 10.255.255.1 (10.255.255.1) 56(84) bytes of data.
            From 21.4.13.3 icmp_seq=1 Destination Port Unreachable

            --- 10.255.255.1 ping statistics ---
            1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms

            """;

    @TempDir
    Path dir;

    private static final Map<String, Object> DETAIL = Map.of("method", PingProbe.METHOD);

    private Path fakePing(String name, String script) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void round_trip_is_read_from_real_ipv4_and_ipv6_replies() {
        assertEquals(0.070, PingProbe.roundTrip(V4_REPLY));
        assertEquals(0.016, PingProbe.roundTrip(V6_REPLY));
        assertEquals(1.0, PingProbe.roundTrip("64 bytes from 192.0.2.1: icmp_seq=1 ttl=57 time<1 ms\n"));
        assertEquals(12.5, PingProbe.roundTrip("round-trip min/avg/max = 12.1/12.5/12.9 ms\n"));
        assertNull(PingProbe.roundTrip(NO_REPLY));
        assertNull(PingProbe.roundTrip(UNREACHABLE));
    }

    @Test
    void exit_0_is_up_with_the_round_trip() {
        ProbeReport r = PingProbe.judge(0, V4_REPLY, TimeBudget.of(Duration.ofSeconds(1)), DETAIL);
        assertTrue(r.up());
        assertEquals(0.070, r.latencyMs());
        assertEquals(0.070, r.detail().get("round_trip_ms"));
        assertEquals("system ping", r.detail().get("method"));
    }

    @Test
    void exit_1_is_down_as_no_reply() {
        ProbeReport r = PingProbe.judge(1, NO_REPLY, TimeBudget.of(Duration.ofMillis(1500)), DETAIL);
        assertFalse(r.up());
        assertEquals("no echo reply within 1500 ms", r.error());
    }

    @Test
    void exit_1_with_an_icmp_error_is_down_with_that_error() {
        ProbeReport r = PingProbe.judge(1, UNREACHABLE, TimeBudget.of(Duration.ofSeconds(1)), DETAIL);
        assertFalse(r.up());
        assertEquals("no echo reply: from 21.4.13.3: Destination Port Unreachable", r.error());
    }

    @Test
    void exit_2_is_down_with_pings_own_message() {
        ProbeReport r = PingProbe.judge(2, "ping: connect: Network is unreachable\n",
                TimeBudget.of(Duration.ofSeconds(1)), DETAIL);
        assertFalse(r.up());
        assertEquals("ping failed (exit 2): ping: connect: Network is unreachable", r.error());
    }

    @Test
    void ping_is_run_numeric_once_with_its_wait_and_family_on_the_resolved_address() throws Exception {
        Path fake = fakePing("echo-ping", "echo '64 bytes from x: icmp_seq=1 ttl=64 time=3.25 ms'\n");
        Resolver resolver = (host, family) -> {
            if (host.equals("box.test")) {
                return InetAddress.getByName(family == 6 ? "2001:db8::9" : "192.0.2.9");
            }
            throw new UnknownHostException(host + ": no such name (NXDOMAIN)");
        };
        PingProbe probe = new PingProbe(resolver, fake);
        ProbeReport v6 = probe.check(Targets.a(Kind.PING).host("box.test").family(6).build(), Duration.ofSeconds(2));
        assertTrue(v6.up(), v6::error);
        assertEquals(3.25, v6.detail().get("round_trip_ms"));
        assertEquals("2001:db8::9", v6.detail().get("address"));
        ProbeReport v4 = probe.check(Targets.a(Kind.PING).host("box.test").family(4).build(), Duration.ofSeconds(2));
        assertEquals("192.0.2.9", v4.detail().get("address"));
        ProbeReport gone = probe.check(Targets.a(Kind.PING).host("gone.test").family(4).build(),
                Duration.ofSeconds(2));
        assertEquals("cannot resolve: gone.test: no such name (NXDOMAIN)", gone.error());

        Path recorder = fakePing("record-ping", "echo \"$*\" > " + dir.resolve("args") + "\nexit 1\n");
        new PingProbe(resolver, recorder).check(Targets.a(Kind.PING).host("box.test").family(6).build(),
                Duration.ofMillis(1500));
        String args = Files.readString(dir.resolve("args")).strip();
        // the deadline is what is left of the 1.5 s budget after resolving, less a margin: not ping's default
        assertTrue(args.matches("-n -c 1 -W 1\\.[0-4]\\d\\d -6 2001:db8::9"), args);
    }

    @Test
    void hanging_ping_is_killed_at_the_timeout() throws Exception {
        PingProbe probe = new PingProbe(Resolver.system(), fakePing("hang", "exec sleep 30\n"));
        long children = Leaks.childProcesses();
        long start = System.nanoTime();
        ProbeReport r = probe.check(Targets.a(Kind.PING).ip("127.0.0.1").build(), Deadlines.SILENT);
        Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
        assertFalse(r.up());
        assertEquals("no reply within 2000 ms (ping stopped)", r.error());
        assertEquals("system ping", r.detail().get("method"));
        assertEquals(children, Leaks.childProcesses());
    }

    @Test
    void ping_that_leaves_a_process_behind_has_it_killed_too() throws Exception {
        PingProbe slow = new PingProbe(Resolver.system(), fakePing("forks", "sleep 30 &\nsleep 30\n"));
        PingProbe quick = new PingProbe(Resolver.system(),
                fakePing("forks-and-exits", "sleep 5 &\n"
                        + "echo 'From 192.0.2.1 icmp_seq=1 Destination Host Unreachable'\nexit 1\n"));
        long children = Leaks.childProcesses();
        assertFalse(slow.check(Targets.a(Kind.PING).ip("127.0.0.1").build(), Duration.ofMillis(300)).up());
        long start = System.nanoTime();
        ProbeReport r = quick.check(Targets.a(Kind.PING).ip("127.0.0.1").build(), Duration.ofSeconds(2));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("no echo reply: from 192.0.2.1: Destination Host Unreachable", r.error());
        assertTrue(ms < 1000, "waited " + ms + " ms on the child that kept ping's output open");
        assertEquals(children, Leaks.childProcesses());
    }

    @Test
    void hundreds_of_pings_leak_no_processes_pipes_or_threads() throws Exception {
        PingProbe noReply = new PingProbe(Resolver.system(), fakePing("no-reply", "exit 1\n"));
        Leaks.assertNoGrowth(200, () -> noReply.check(Targets.a(Kind.PING).ip("127.0.0.1").build(),
                Duration.ofMillis(500)));
        PingProbe hang = new PingProbe(Resolver.system(), fakePing("hang", "exec sleep 30\n"));
        Leaks.assertNoGrowth(20, () -> hang.check(Targets.a(Kind.PING).ip("::1").build(), Duration.ofMillis(30)));
    }
}
