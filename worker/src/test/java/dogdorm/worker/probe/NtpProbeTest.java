package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.net.ntp.TimeStamp;
import org.junit.jupiter.api.Test;

class NtpProbeTest {
    final NtpProbe probe = new NtpProbe(Resolver.system());

    /** A server reply to {@code request}: it echoes the request's transmit time as its originate time. */
    static byte[] reply(byte[] request, int leap, int mode, int stratum, byte[] refid, long transmitMillis) {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.put((byte) (leap << 6 | 4 << 3 | mode));
        b.put((byte) stratum);
        b.put((byte) 6); // poll
        b.put((byte) -20); // precision
        b.putInt(0); // root delay
        b.putInt(0); // root dispersion
        b.put(refid);
        long now = TimeStamp.getNtpTime(transmitMillis).ntpValue();
        b.putLong(now); // reference time
        b.put(request, 40, 8); // originate = the client's transmit time
        b.putLong(now); // receive time
        b.putLong(now); // transmit time
        return b.array();
    }

    static byte[] serverReply(byte[] request) {
        return reply(request, 0, 4, 1, "GPS\0".getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis());
    }

    private ProbeReport check(int port, Duration timeout) throws Exception {
        return probe.check(Targets.a(Kind.NTP).ip("127.0.0.1").port(port).build(), timeout);
    }

    @Test
    void well_formed_server_reply_is_up_with_stratum_offset_and_reference() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", NtpProbeTest::serverReply)) {
            ProbeReport r = check(server.port(), Duration.ofSeconds(2));
            assertTrue(r.up(), r::error);
            assertEquals(1, r.detail().get("stratum"));
            assertEquals("GPS", r.detail().get("reference_id"));
            assertEquals(0, r.detail().get("leap"));
            // the fake server tells our own clock's time: the offset is near 0 (a stalled server thread adds to it),
            // not seconds or years off as a mistaken timestamp conversion would make it
            assertTrue(Math.abs((Double) r.detail().get("offset_ms")) < 1000, r.detail().toString());
            assertTrue((Double) r.detail().get("delay_ms") >= 0);
        }
    }

    @Test
    void kiss_o_death_is_down_with_its_code() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> reply(request, 3, 4, 0,
                "RATE".getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis()))) {
            ProbeReport r = check(server.port(), Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("kiss-o'-death RATE", r.error());
            assertEquals("RATE", r.detail().get("reference_id"));
        }
    }

    @Test
    void leap_indicator_alarm_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> reply(request, 3, 4, 2,
                new byte[] {10, 0, 0, 1}, System.currentTimeMillis()))) {
            ProbeReport r = check(server.port(), Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("leap indicator 3: the server's clock is not synchronized", r.error());
            assertEquals("10.0.0.1", r.detail().get("reference_id"));
        }
    }

    @Test
    void stratum_16_is_down_as_unsynchronized() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> reply(request, 0, 4, 16,
                new byte[] {0, 0, 0, 0}, System.currentTimeMillis()))) {
            ProbeReport r = check(server.port(), Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("stratum 16: the server's clock is not synchronized", r.error());
        }
    }

    @Test
    void reply_that_is_not_mode_4_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> reply(request, 0, 3, 2,
                new byte[] {1, 2, 3, 4}, System.currentTimeMillis()))) {
            ProbeReport r = check(server.port(), Duration.ofSeconds(2));
            assertFalse(r.up());
            assertTrue(r.error().startsWith("not a server reply: mode 3"), r.error());
        }
    }

    @Test
    void zero_transmit_time_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] r = serverReply(request);
            Arrays.fill(r, 40, 48, (byte) 0);
            return r;
        })) {
            ProbeReport r = check(server.port(), Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("the reply's transmit time is zero", r.error());
        }
    }

    @Test
    void transmit_time_days_away_from_our_clock_is_down() throws Exception {
        NtpProbe skewed = new NtpProbe(Resolver.system(), Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
        try (var server = new TinyServers.Udp("127.0.0.1", NtpProbeTest::serverReply)) {
            ProbeReport r = skewed.check(Targets.a(Kind.NTP).ip("127.0.0.1").port(server.port()).build(),
                    Duration.ofSeconds(2));
            assertFalse(r.up());
            assertTrue(r.error().endsWith(" is 48 h from ours"), r.error());
        }
        NtpProbe nearlyADay = new NtpProbe(Resolver.system(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(23)));
        try (var server = new TinyServers.Udp("127.0.0.1", NtpProbeTest::serverReply)) {
            ProbeReport r = nearlyADay.check(Targets.a(Kind.NTP).ip("127.0.0.1").port(server.port()).build(),
                    Duration.ofSeconds(2));
            assertTrue(r.up(), r::error);
        }
    }

    @Test
    void garbage_reply_is_down() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", request -> {
            byte[] junk = new byte[48];
            ThreadLocalRandom.current().nextBytes(junk);
            return junk;
        })) {
            ProbeReport r = check(server.port(), Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("the reply does not answer our request (its originate time is not ours)", r.error());
        }
    }

    @Test
    void truncated_reply_is_down_with_its_length() throws Exception {
        for (int length : new int[] {40, 12, 0}) {
            try (var server = new TinyServers.Udp("127.0.0.1",
                    request -> Arrays.copyOf(serverReply(request), length))) {
                ProbeReport r = check(server.port(), Duration.ofSeconds(2));
                assertFalse(r.up());
                assertEquals("truncated reply: " + length + " bytes, an NTP packet has 48", r.error());
            }
        }
    }

    @Test
    void silent_server_is_down_within_the_timeout() throws Exception {
        try (var server = TinyServers.Udp.silent("127.0.0.1")) {
            long start = System.nanoTime();
            ProbeReport r = check(server.port(), Deadlines.SILENT);
            Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
            assertFalse(r.up());
            assertEquals("no reply within 2000 ms", r.error());
            assertEquals(2, server.requests(), "asked again after half the timeout");
        }
    }

    @Test
    void a_lost_first_request_is_ridden_out_by_the_second() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        try (var server = new TinyServers.Udp("127.0.0.1",
                request -> seen.incrementAndGet() == 1 ? null : serverReply(request))) {
            long start = System.nanoTime();
            ProbeReport r = check(server.port(), Duration.ofSeconds(1));
            assertTrue(r.up(), r::error);
            assertEquals(2, server.requests());
            double ms = ProbeReport.millisSince(start);
            assertTrue(ms >= 450 && ms < 1000, "the second request went out after half the timeout: " + ms + " ms");
        }
    }

    @Test
    void closed_port_is_down_as_port_unreachable() throws Exception {
        ProbeReport r = check(TinyServers.closedPort("127.0.0.1"), Duration.ofSeconds(2));
        assertFalse(r.up());
        assertEquals("port unreachable", r.error());
    }

    @Test
    void ipv6_target_is_down_when_the_server_listens_only_on_ipv4() throws Exception {
        try (var server = new TinyServers.Udp("127.0.0.1", NtpProbeTest::serverReply)) {
            ProbeReport r = probe.check(Targets.a(Kind.NTP).ip("::1").port(server.port()).build(),
                    Duration.ofSeconds(2));
            assertFalse(r.up());
            assertEquals("port unreachable", r.error());
            assertEquals(0, server.requests());
        }
    }

    @Test
    void host_name_is_resolved_through_the_injected_resolver() throws Exception {
        Resolver resolver = (host, family) -> {
            if (host.equals("time.test") && family == 4) {
                return InetAddress.getByName("127.0.0.1");
            }
            throw new UnknownHostException(host + ": NXDOMAIN");
        };
        NtpProbe viaResolver = new NtpProbe(resolver);
        try (var server = new TinyServers.Udp("127.0.0.1", NtpProbeTest::serverReply)) {
            ProbeReport r = viaResolver.check(Targets.a(Kind.NTP).host("time.test").family(4).port(server.port())
                    .build(), Duration.ofSeconds(2));
            assertTrue(r.up(), r::error);
            assertEquals("127.0.0.1", r.detail().get("address"));
        }
        ProbeReport r = viaResolver.check(Targets.a(Kind.NTP).host("time.test").family(6).port(123).build(),
                Duration.ofSeconds(2));
        assertEquals("cannot resolve: time.test: NXDOMAIN", r.error());
    }

    @Test
    void reference_id_reads_as_letters_below_stratum_2_and_dotted_above() {
        assertEquals("GPS", NtpProbe.referenceId(1, 0x47505300));
        assertEquals("RATE", NtpProbe.referenceId(0, 0x52415445));
        assertEquals("127.127.1.1", NtpProbe.referenceId(10, 0x7f7f0101));
    }

    @Test
    void hundreds_of_failed_checks_leak_no_sockets_or_threads() throws Exception {
        int closed = TinyServers.closedPort("127.0.0.1");
        Leaks.assertNoGrowth(300, () -> check(closed, Duration.ofMillis(200)));
        try (var silent = TinyServers.Udp.silent("127.0.0.1")) {
            Leaks.assertNoGrowth(40, () -> check(silent.port(), Duration.ofMillis(20)));
        }
    }
}
