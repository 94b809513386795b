package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alias rules: who uses a name, and who follows it to a new address; no dealer. */
class AliasTrackingTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration DOWNTIME = Duration.ofMinutes(20);
    private final Known known = new Known();

    private static TargetSpec named(String host, String ip, int port, String file) {
        return new TargetSpec(Kind.TCP, 4, null, host, ip, port, null, null, null, new Source(file, port), null, null,
                null);
    }

    @Test
    void a_name_may_use_private_addresses_when_any_row_using_it_may() {
        known.add(named("box.example", null, 22, "public.csv"));
        known.add(named("box.example", null, 80, "home.csv"));
        AliasTracking.Use use = AliasTracking.of(known.table.all(), known.candidates.all(),
                s -> s.sourceFile().equals("home.csv"));
        AliasTracking.Name name = new AliasTracking.Name("box.example", 4);
        assertTrue(use.privateOk().get(name));
        assertEquals(2, use.targets().get(name).size());
        assertEquals(Set.of(), use.candidates().getOrDefault(name, Set.of()));
    }

    @Test
    void a_target_follows_only_when_it_has_no_address_was_never_checked_or_is_down_long_enough() {
        Target fresh = known.add(named("a.example", null, 1, "t.csv"));
        Target up = known.add(named("b.example", "192.0.2.1", 2, "t.csv"));
        up.stats().record(true, 1.0, null, NOW.minusSeconds(60), "w", Stats.Thresholds.IMMEDIATE);
        Target longDown = known.add(named("c.example", "192.0.2.2", 3, "t.csv"));
        longDown.stats().record(true, 1.0, null, NOW.minus(Duration.ofHours(1)), "w", Stats.Thresholds.IMMEDIATE);
        longDown.stats().record(false, null, "refused", NOW, "w", Stats.Thresholds.IMMEDIATE);
        AliasTracking.Moves moves = AliasTracking.moves("192.0.2.9", List.of(fresh, up, longDown), List.of(), NOW,
                DOWNTIME);
        assertEquals(List.of(fresh.id(), longDown.id()), moves.targets().stream().map(AliasTracking.Move::id).toList());
        assertFalse(AliasTracking.shouldMove("192.0.2.1", up.stats(), NOW, DOWNTIME), "a working server stays put");
    }

    @Test
    void candidates_not_yet_validated_follow_at_once() {
        Candidate pending = known.candidates.add(new TargetSpec(Kind.NTP, 4, null, "time.example", null, 123, null,
                null, null, new Source("ntp_v4.csv", 1), null, null, null));
        AliasTracking.Moves moves = AliasTracking.moves("192.0.2.5", List.of(), List.of(pending), NOW, DOWNTIME);
        assertEquals(List.of(new AliasTracking.Move(pending.id(), "192.0.2.5")), moves.candidates());
    }
}
