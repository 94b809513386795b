package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.Endpoint;
import dogdorm.common.wire.FoundService;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.ProbeResult;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A candidate's way from pending to validated or disabled: facts and a time in, a verdict out, no dealer. */
class CandidateLifecycleTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration RETRY = Duration.ofMinutes(10);
    private final Known known = new Known();
    private final Candidate stun = known.candidates.add(new TargetSpec(Kind.STUN, 4, null, "stun.example", null, 3478,
            null, null, null, new Source("stun_v4.csv", 1), null, null, null));

    private static ProbeResult found(ImportFindings f) {
        return ProbeResult.of("l", 1, true, 3.0, null, f.toDetail());
    }

    @Test
    void a_good_answer_validates_into_the_services_found() {
        ImportFindings f = new ImportFindings("8.8.8.8", List.of(new FoundService(Kind.STUN, Transport.UDP, null),
                new FoundService(Kind.STUN, Transport.TCP, null)));
        CandidateLifecycle.Verdict v = CandidateLifecycle.validated(stun, found(f), NOW, RETRY, false, known.view);
        assertTrue(v.validated());
        assertEquals(2, v.services().size());
        assertEquals("8.8.8.8", v.services().get(0).spec().ip());
        assertEquals("stun.example", v.services().get(0).spec().host(), "the name stays for the aliases");
        assertEquals(stun.id(), v.services().get(1).spec().candidate());
        assertNull(v.retryAt());
        assertEquals(1, v.attempts());
    }

    @Test
    void failures_are_retried_later_each_time_then_the_third_disables() {
        ProbeResult refused = ProbeResult.of("l", 1, false, null, "timed out", Map.of());
        CandidateLifecycle.Verdict first = CandidateLifecycle.validated(stun, refused, NOW, RETRY, false, known.view);
        assertEquals(Candidate.State.PENDING, first.state());
        assertEquals(NOW.plus(RETRY), first.retryAt());
        known.candidates.settle(stun, first, List.of());
        CandidateLifecycle.Verdict second = CandidateLifecycle.validated(stun, refused, NOW, RETRY, false, known.view);
        assertEquals(NOW.plus(RETRY.multipliedBy(2)), second.retryAt(), "doubled");
        known.candidates.settle(stun, second, List.of());
        CandidateLifecycle.Verdict third = CandidateLifecycle.validated(stun, refused, NOW, RETRY, false, known.view);
        assertEquals(Candidate.State.DISABLED, third.state());
        assertEquals("timed out", third.lastError());
        assertNull(third.retryAt());
    }

    @Test
    void a_private_address_is_refused_unless_the_list_allows_it() {
        ImportFindings f = new ImportFindings("10.0.0.7", List.of(new FoundService(Kind.STUN, Transport.UDP, null)));
        CandidateLifecycle.Verdict v = CandidateLifecycle.validated(stun, found(f), NOW, RETRY, false, known.view);
        assertEquals(Candidate.State.PENDING, v.state());
        assertEquals("no usable service: address 10.0.0.7 is a private address, refused by the public-server policy",
                v.lastError());
        assertTrue(CandidateLifecycle.validated(stun, found(f), NOW, RETRY, true, known.view).validated());
    }

    @Test
    void an_rfc3489_group_is_all_or_nothing() {
        List<Endpoint> four = List.of(new Endpoint("8.8.8.8", 3478), new Endpoint("8.8.8.8", 3479),
                new Endpoint("8.8.4.4", 3478), new Endpoint("8.8.4.4", 3479));
        ImportFindings group = new ImportFindings("8.8.8.8", List.of(new FoundService(Kind.STUN_CHANGE, null, four)));
        CandidateLifecycle.Verdict v = CandidateLifecycle.validated(stun, found(group), NOW, RETRY, false,
                known.view);
        assertEquals(4, v.services().size());
        assertEquals("change:" + stun.id(), v.services().get(0).spec().group());
        // one member monitored otherwise: the group would be broken, so none of it is made
        known.add(TargetSpec.simple(Kind.STUN_CHANGE, 4, "8.8.4.4", 3479, new Source("other.csv", 1)));
        CandidateLifecycle.Verdict refused = CandidateLifecycle.validated(stun, found(group), NOW, RETRY, false,
                known.view);
        assertTrue(refused.services().isEmpty());
        assertTrue(refused.lastError().contains("RFC 3489 group left to another row: 8.8.4.4:3479 is monitored as "
                + "other.csv:1"), refused.lastError());
    }

    @Test
    void a_service_this_candidate_made_before_is_reused_not_added_twice() {
        ImportFindings f = new ImportFindings("8.8.8.8", List.of(new FoundService(Kind.STUN, Transport.UDP, null)));
        CandidateLifecycle.Verdict v = CandidateLifecycle.validated(stun, found(f), NOW, RETRY, false, known.view);
        long id = known.add(v.services().get(0).spec()).id();
        CandidateLifecycle.Verdict again = CandidateLifecycle.validated(stun, found(f), NOW, RETRY, false, known.view);
        assertEquals(id, again.services().get(0).existing());
    }
}
