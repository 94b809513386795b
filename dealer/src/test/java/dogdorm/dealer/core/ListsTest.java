package dogdorm.dealer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.Task;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Applied;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.imports.CsvList;
import dogdorm.dealer.imports.ListFile;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.testkit.Cores;
import dogdorm.dealer.testkit.Flushes;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.read.CandidateView;
import dogdorm.dealer.read.AliasView;
import dogdorm.dealer.read.TargetView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Candidates and aliases through the dealer's own API, on a test clock. */
class ListsTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryStore store = new MemoryStore();
    private final ReadModel reads = new ReadModel();
    private final Core dealer = new Core(Cores.settings(b -> b.interval(Duration.ofMinutes(30))
            .spread(Duration.ofSeconds(1)).importRetry(Duration.ofMinutes(10)).aliasInterval(Duration.ofMinutes(5))
            .aliasDowntime(Duration.ofMinutes(20))), clock, new Random(5), reads);

    /** A list row of {@code file} at {@code line}. */
    private static TargetSpec row(Kind kind, String ip, String host, int port, String file, int line) {
        return new TargetSpec(kind, 4, null, host, ip, port, null, null, null, new Source(file, line), null, null,
                null);
    }

    /** The jobs due now of these kinds. */
    private List<Job> due(Kind... kinds) throws InterruptedException {
        return dealer.work(new WorkRequest("w", null, List.of(4), List.of(kinds), 100, 0));
    }

    private void answer(Job j, boolean up, String error, Map<String, Object> detail) {
        dealer.results(new ResultBatch("w", List.of(new ProbeResult(j.lease(), j.targets().get(0).id(), up, 3.0,
                error, detail, false))));
    }

    private CandidateView candidate() {
        return reads.imports().candidates().get(0);
    }

    /** The target page's one-target view is the same as that target's entry in the full read. */
    private void assertOneViewEqualsTheFullRead() {
        for (TargetView t : reads.read(all -> all)) {
            assertEquals(Optional.of(t), reads.view(t.id()));
        }
        assertEquals(Optional.empty(), reads.view(999_999));
    }

    @Test
    void a_dead_candidate_is_tried_three_times_spread_out_then_disabled_and_stays_visible() throws Exception {
        dealer.applyList("stun_v4.csv", List.of(row(Kind.STUN, "8.8.8.8", null, 3478, "stun_v4.csv", 1)));
        assertEquals(0, dealer.size(), "a candidate is not a service yet");
        clock.advance(Duration.ofSeconds(2));
        Job first = due(Kind.STUN).get(0);
        assertEquals(Task.IMPORT, first.task());
        answer(first, false, "no answer within 5000 ms", Map.of());
        assertEquals("failed 1 time: no answer within 5000 ms", candidate().describe());
        clock.advance(Duration.ofMinutes(9));
        assertTrue(due(Kind.STUN).isEmpty(), "the second try waits the import retry (10 min)");
        clock.advance(Duration.ofMinutes(1));
        answer(due(Kind.STUN).get(0), false, "no answer within 5000 ms", Map.of());
        clock.advance(Duration.ofMinutes(19));
        assertTrue(due(Kind.STUN).isEmpty(), "the third try waits twice as long");
        clock.advance(Duration.ofMinutes(1));
        answer(due(Kind.STUN).get(0), false, "connection refused", Map.of());
        CandidateView c = candidate();
        assertEquals(Candidate.State.DISABLED, c.state());
        assertEquals(3, c.attempts());
        assertEquals("connection refused", c.lastError());
        clock.advance(Duration.ofDays(3));
        assertTrue(due(Kind.STUN).isEmpty(), "never tried again");
        assertEquals(1, reads.imports().candidates().size(), "kept, not dropped");
    }

    @Test
    void a_validated_stun_row_becomes_the_services_the_worker_found_and_reimporting_adds_nothing() throws Exception {
        TargetSpec stun = row(Kind.STUN, null, "stun.example.org", 3478, "stun_v4.csv", 1);
        dealer.applyList("stun_v4.csv", List.of(stun));
        clock.advance(Duration.ofSeconds(2));
        Job j = due(Kind.STUN).get(0);
        assertNull(j.targets().get(0).ip(), "the worker resolves the host");
        answer(j, true, null, Map.of("address", "8.8.8.8", "services", List.of(
                Map.of("kind", "stun", "transport", "udp"), Map.of("kind", "stun", "transport", "tcp"),
                Map.of("kind", "stun-change", "members", List.of(Map.of("ip", "8.8.8.8", "port", 3478),
                        Map.of("ip", "8.8.8.8", "port", 3479), Map.of("ip", "8.8.4.4", "port", 3478),
                        Map.of("ip", "8.8.4.4", "port", 3479))))));
        CandidateView c = candidate();
        assertEquals(Candidate.State.VALIDATED, c.state());
        assertEquals(6, c.services().size());
        List<TargetView> targets = reads.read(all -> all);
        assertEquals(6, targets.size());
        assertEquals(2, targets.stream().filter(t -> t.kind() == Kind.STUN).count());
        assertTrue(targets.stream().anyMatch(t -> t.kind() == Kind.STUN && t.transport() == Transport.TCP
                && "8.8.8.8".equals(t.ip()) && "stun.example.org".equals(t.host())));
        assertEquals(4, targets.stream().filter(t -> t.kind() == Kind.STUN_CHANGE)
                .map(TargetView::group).distinct().mapToInt(g -> (int) targets.stream()
                        .filter(t -> g.equals(t.group())).count()).sum());
        assertOneViewEqualsTheFullRead();
        // the same row again, and in a second file: nothing new
        dealer.applyList("stun_v4.csv", List.of(stun));
        Applied other = dealer.applyList("stun_udp_v4.csv", List.of(stun));
        assertEquals(0, other.added());
        assertEquals(1, other.duplicates().size());
        assertEquals(6, dealer.size());
        assertEquals(1, reads.imports().candidates().size());
        // the row goes from both files: so do its services
        dealer.applyList("stun_udp_v4.csv", List.of());
        assertEquals(6, dealer.size(), "still listed by stun_v4.csv");
        dealer.applyList("stun_v4.csv", List.of());
        assertEquals(0, dealer.size());
        assertTrue(reads.imports().candidates().isEmpty());
    }

    @Test
    void a_messy_real_world_stun_list_makes_a_candidate_of_every_good_line_and_reports_every_bad_one() {
        String messy = "# public STUN servers\r\n"
                + "74.125.250.129,19302,stun.l.google.com  \r\n"   // good, trailing spaces
                + "0,3478,stun.cloudflare.com\r\n"                 // good: resolve the host
                + "0,3478,0\r\n"                                   // bad: nothing to resolve
                + "74.125.250.129,0\r\n"                           // bad: port 0
                + "74.125.250.129\r\n"                             // bad: missing port
                + "74.125.250.129,19302,stun.l.google.com\r\n"     // bad: duplicate of line 2
                + "2001:4860:4864:5:8000::1,19302\r\n"             // bad: IPv6 in a v4 file
                + "\r\n"
                + "  \r\n"
                + "77.72.169.212,3478";                            // good, no final newline
        CsvList.Parsed parsed = CsvList.parse(ListFile.of("stun_v4.csv"), messy, false);
        dealer.applyList("stun_v4.csv", parsed.targets());
        assertEquals(3, reads.imports().candidates().size());
        assertEquals(List.of(4, 5, 6, 7, 8), parsed.problems().stream().map(CsvList.Problem::line).toList());
        assertEquals(0, dealer.size(), "candidates wait for validation");
    }

    @Test
    void a_named_row_validated_before_its_name_resolved_keeps_the_name_for_its_service() throws Exception {
        dealer.applyList("turn_v4.csv", List.of(row(Kind.TURN, null, "turn.example.org", 3478, "turn_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(2));
        Job j = due(Kind.TURN).get(0);
        answer(j, true, null, Map.of("services", List.of(Map.of("kind", "turn", "transport", "udp"))));
        assertEquals(Candidate.State.VALIDATED, candidate().state());
        TargetView t = reads.read(all -> all.get(0));
        assertEquals("turn.example.org", t.host());
        assertNull(t.ip(), "the worker resolves it until the alias gives an address");
    }

    @Test
    void a_row_listed_in_two_files_is_one_candidate() throws Exception {
        dealer.applyList("turn_v4.csv", List.of(row(Kind.TURN, "8.8.8.8", null, 3478, "turn_v4.csv", 1)));
        Applied second = dealer.applyList("turn_udp_v4.csv",
                List.of(row(Kind.TURN, "8.8.8.8", null, 3478, "turn_udp_v4.csv", 4)));
        assertEquals(0, second.added());
        assertEquals("turn_udp_v4.csv:4: already listed in turn_v4.csv:1", second.duplicates().get(0).toString());
        assertEquals(1, reads.imports().candidates().size());
    }

    @Test
    void private_addresses_a_worker_reports_are_refused_by_the_policy() throws Exception {
        dealer.applyList("stun_v4.csv", List.of(row(Kind.STUN, "8.8.8.8", null, 3478, "stun_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(2));
        answer(due(Kind.STUN).get(0), true, null, Map.of("address", "8.8.8.8", "services", List.of(
                Map.of("kind", "stun", "transport", "udp"),
                Map.of("kind", "stun-change", "members", List.of(Map.of("ip", "8.8.8.8", "port", 3478),
                        Map.of("ip", "8.8.8.8", "port", 3479), Map.of("ip", "10.0.0.1", "port", 3478),
                        Map.of("ip", "10.0.0.1", "port", 3479))))));
        CandidateView c = candidate();
        assertEquals(Candidate.State.VALIDATED, c.state());
        assertEquals(1, c.services().size(), "the change group with a private member is refused");
        assertTrue(c.lastError().contains("10.0.0.1 is a private address"), c.lastError());
    }

    @Test
    void findings_that_do_not_read_are_refused_for_the_candidate_with_the_key_that_was_wrong() throws Exception {
        dealer.applyList("stun_v4.csv", List.of(row(Kind.STUN, "8.8.8.8", null, 3478, "stun_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(2));
        // a worker that misnames "services"
        answer(due(Kind.STUN).get(0), true, null, Map.of("address", "8.8.8.8", "service", List.of(
                Map.of("kind", "stun", "transport", "udp"))));
        CandidateView c = candidate();
        assertEquals(Candidate.State.PENDING, c.state());
        assertEquals(1, c.attempts());
        assertEquals("no usable service: unreadable findings: services: missing", c.lastError());
        assertEquals(0, dealer.size());
        // an RFC 3489 group of three, next to a good UDP service: the findings are refused whole
        clock.advance(Duration.ofMinutes(10));
        answer(due(Kind.STUN).get(0), true, null, Map.of("address", "8.8.8.8", "services", List.of(
                Map.of("kind", "stun", "transport", "udp"),
                Map.of("kind", "stun-change", "members", List.of(Map.of("ip", "8.8.8.8", "port", 3478),
                        Map.of("ip", "8.8.8.8", "port", 3479), Map.of("ip", "8.8.4.4", "port", 3478))))));
        assertEquals("no usable service: unreadable findings: services[1].members: an RFC 3489 group needs 4 "
                + "members, not 3", candidate().lastError());
        assertEquals(0, dealer.size());
    }

    @Test
    void a_resolution_that_does_not_read_keeps_the_address_and_says_why() throws Exception {
        dealer.applyList("tcp_v4.csv", List.of(row(Kind.TCP, null, "odd.example.org", 443, "tcp_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(15));
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("8.8.8.8")));
        clock.advance(Duration.ofMinutes(5));
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("8.8.4.4", 7)));
        AliasView a = reads.imports().aliases().get(0);
        assertEquals("8.8.8.8", a.current());
        assertEquals("unreadable resolution: addresses[1]: expected text but found the number 7", a.lastError());
    }

    @Test
    void a_validated_rows_own_settings_reach_its_service_and_follow_an_edit() throws Exception {
        TargetSpec v5 = new TargetSpec(Kind.MQTT, 4, null, null, "8.8.8.8", 1883, null, null, null,
                new Source("mqtt_v4.csv", 1), Duration.ofHours(1), 3000, Map.of("version", "5"), null);
        dealer.applyList("mqtt_v4.csv", List.of(v5));
        clock.advance(Duration.ofSeconds(2));
        Job validate = due(Kind.MQTT).get(0);
        assertEquals(Map.of("version", "5"), validate.targets().get(0).options(), "validated with its own settings");
        answer(validate, true, null, Map.of("services", List.of(Map.of("kind", "mqtt", "transport", "tcp"))));
        TargetView service = reads.read(all -> all.get(0));
        assertFalse(service.nextCheck().isAfter(clock.instant().plus(Duration.ofHours(1))),
                "checked within its own interval (1h), not the dealer's (30m) or later: " + service.nextCheck());
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        List<Job> dueNow = due(Kind.MQTT);
        assertFalse(dueNow.isEmpty(), () -> "nothing due at " + clock.instant() + ": " + reads.read(all -> all)
                + " " + reads.imports().candidates());
        JobTarget check = dueNow.get(0).targets().get(0);
        assertEquals(Map.of("version", "5"), check.options());
        assertEquals(3000, check.timeoutMs());
        answer(dueNow.get(0), true, null, Map.of());

        // the row is edited: the service follows without being validated again
        dealer.applyList("mqtt_v4.csv", List.of(new TargetSpec(Kind.MQTT, 4, null, null, "8.8.8.8", 1883, null, null,
                null, new Source("mqtt_v4.csv", 1), Duration.ofHours(2), 9000, Map.of("version", "3.1.1"), null)));
        TargetView edited = reads.read(all -> all.get(0));
        assertEquals(Kind.MQTT, edited.kind());
        clock.advance(Duration.ofHours(3));
        JobTarget after = due(Kind.MQTT).get(0).targets().get(0);
        assertEquals(Map.of("version", "3.1.1"), after.options());
        assertEquals(9000, after.timeoutMs());
    }

    @Test
    void mqtt_and_ntp_rows_are_validated_by_one_check() throws Exception {
        dealer.applyList("ntp_v4.csv", List.of(row(Kind.NTP, "8.8.8.8", null, 123, "ntp_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(2));
        Job j = due(Kind.NTP).get(0);
        assertEquals(Task.IMPORT, j.task());
        answer(j, true, null, Map.of("services", List.of(Map.of("kind", "ntp", "transport", "udp"))));
        TargetView t = reads.read(all -> all.get(0));
        assertEquals(Kind.NTP, t.kind());
        assertEquals("8.8.8.8", t.ip());
        assertEquals("ntp_v4.csv:1", t.source());
    }

    @Test
    void a_working_target_keeps_its_address_and_follows_its_name_only_after_the_alias_downtime() throws Exception {
        dealer.applyList("tcp_v4.csv", List.of(row(Kind.TCP, null, "moves.example.org", 443, "tcp_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(15));
        Job resolve = due(Kind.RESOLVE).get(0);
        assertEquals(Task.RESOLVE, resolve.task());
        assertEquals("moves.example.org", resolve.targets().get(0).host());
        answer(resolve, true, null, Map.of("addresses", List.of("8.8.8.8", "8.8.4.4")));
        assertEquals("8.8.8.8", reads.read(all -> all.get(0).ip()), "never checked: takes the address");
        Job check = due(Kind.TCP).get(0);
        answer(check, true, null, Map.of());
        // the name moves while the target works: it stays
        clock.advance(Duration.ofMinutes(5));
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("1.1.1.1")));
        assertEquals("8.8.8.8", reads.read(all -> all.get(0).ip()));
        assertEquals(List.of("moves.example.org"), reads.read(all -> all.get(0).fqns()));
        // it fails: still not moved until 20 minutes without success
        clock.advance(Duration.ofMinutes(10));
        for (Job j : due(Kind.TCP)) answer(j, false, "timeout", Map.of());
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("1.1.1.1")));
        assertEquals("8.8.8.8", reads.read(all -> all.get(0).ip()), "15 min without success: stays");
        clock.advance(Duration.ofMinutes(10));
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("1.1.1.1")));
        assertEquals("1.1.1.1", reads.read(all -> all.get(0).ip()), "25 min without success: follows the name");
        assertOneViewEqualsTheFullRead();
        AliasView a = reads.imports().aliases().get(0);
        assertEquals("1.1.1.1", a.current());
        assertEquals(List.of("8.8.8.8", "8.8.4.4", "1.1.1.1"), a.addresses().stream().map(Alias.Seen::address)
                .toList());
    }

    @Test
    void a_name_that_stops_resolving_or_resolves_privately_keeps_its_address_and_is_reported() throws Exception {
        dealer.applyList("tcp_v4.csv", List.of(row(Kind.TCP, null, "gone.example.org", 443, "tcp_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(15));
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("8.8.8.8")));
        clock.advance(Duration.ofMinutes(5));
        answer(due(Kind.RESOLVE).get(0), false, "gone.example.org: no such name (NXDOMAIN)", Map.of());
        AliasView a = reads.imports().aliases().get(0);
        assertEquals("8.8.8.8", a.current());
        assertEquals("gone.example.org: no such name (NXDOMAIN)", a.lastError());
        clock.advance(Duration.ofMinutes(5));
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("192.168.1.5")));
        a = reads.imports().aliases().get(0);
        assertEquals("8.8.8.8", a.current());
        assertTrue(a.lastError().contains("192.168.1.5 (private address)"), a.lastError());
        assertEquals("8.8.8.8", reads.read(all -> all.get(0).ip()));
    }

    @Test
    void a_validated_service_keeps_the_private_permission_another_file_gives_its_name() throws Exception {
        // the same name in a public STUN list and in a "# allow-private" TCP list: the name may use private addresses
        dealer.applyList("stun_v4.csv", List.of(row(Kind.STUN, null, "lan.example.org", 3478, "stun_v4.csv", 1)));
        dealer.applyList("tcp_v4.csv", List.of(row(Kind.TCP, null, "lan.example.org", 22, "tcp_v4.csv", 1)), true);
        clock.advance(Duration.ofSeconds(15));
        answer(due(Kind.STUN).get(0), true, null, Map.of("address", "8.8.8.8", "services",
                List.of(Map.of("kind", "stun", "transport", "udp"))));
        assertEquals(Candidate.State.VALIDATED, candidate().state());
        // validating the public row's service does not take the other file's permission away
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("192.168.1.5")));
        AliasView a = reads.imports().aliases().get(0);
        assertEquals("192.168.1.5", a.current());
        assertNull(a.lastError());
    }

    @Test
    void after_a_restart_the_lists_host_names_are_resolved_again() throws Exception {
        dealer.applyList("tcp_v4.csv", List.of(row(Kind.TCP, null, "box.example", 22, "tcp_v4.csv", 1)));
        clock.advance(Duration.ofSeconds(11));
        answer(due(Kind.RESOLVE).get(0), true, null, Map.of("addresses", List.of("8.8.8.8")));
        Flushes.ofCore(store, dealer.changes()).flushNow();
        ReadModel againReads = new ReadModel();
        Core again = new Core(dealer.settings(), clock, new Random(6), againReads);
        again.load(store.load().core());
        clock.advance(Duration.ofSeconds(11));
        List<Job> resolve = again.work(new WorkRequest("w", null, List.of(4), List.of(Kind.RESOLVE), 10, 0));
        assertEquals(List.of("box.example"), resolve.stream().map(j -> j.targets().get(0).host()).toList(),
                "a stored alias has no stored unit: it is scheduled again at start");
        assertEquals("8.8.8.8", againReads.imports().aliases().get(0).current());
    }
}
