package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Kind;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A list file's rows against what is known: plans only, no dealer. */
class RowReconcileTest {
    private final Known known = new Known();
    private final ListRows rows = new ListRows(false);

    private static TargetSpec tcp(String ip, int port, String file, int line) {
        return TargetSpec.simple(Kind.TCP, 4, ip, port, new Source(file, line));
    }

    private static TargetSpec stun(String ip, String file, int line, String user) {
        return new TargetSpec(Kind.STUN, 4, null, null, ip, 3478, user, user == null ? null : "pw", null,
                new Source(file, line), null, null, null);
    }

    /** Plans a file's rows and records them as the core would. */
    private RowReconcile.Plan apply(String file, List<TargetSpec> fileRows) {
        RowReconcile.Plan p = RowReconcile.plan(file, fileRows, rows, known.view);
        rows.put(file, p, false);
        p.addTargets().forEach(known::add);
        p.addCandidates().forEach(known.candidates::add);
        return p;
    }

    @Test
    void new_rows_are_added_targets_or_candidates_by_kind() {
        RowReconcile.Plan p = apply("mixed.csv", List.of(tcp("8.8.8.8", 53, "mixed.csv", 1),
                stun("8.8.4.4", "mixed.csv", 2, null)));
        assertEquals(List.of(tcp("8.8.8.8", 53, "mixed.csv", 1)), p.addTargets());
        assertEquals(1, p.addCandidates().size());
        assertEquals(2, p.added());
        assertTrue(p.removeTargets().isEmpty());
    }

    @Test
    void nothing_changes_for_the_same_rows_and_a_moved_line_counts_as_unchanged() {
        apply("tcp_v4.csv", List.of(tcp("8.8.8.8", 53, "tcp_v4.csv", 1)));
        RowReconcile.Plan again = RowReconcile.plan("tcp_v4.csv", List.of(tcp("8.8.8.8", 53, "tcp_v4.csv", 1)), rows,
                known.view);
        assertEquals(0, again.added() + again.updated() + again.removed());
        assertEquals(1, again.unchanged());
        assertTrue(again.updateTargets().isEmpty());
        RowReconcile.Plan moved = RowReconcile.plan("tcp_v4.csv", List.of(tcp("8.8.8.8", 53, "tcp_v4.csv", 7)), rows,
                known.view);
        assertEquals(1, moved.unchanged(), "only the line moved");
        assertEquals(new Source("tcp_v4.csv", 7), moved.updateTargets().get(0).spec().source());
    }

    @Test
    void an_edited_row_updates_its_target_and_keeps_an_address_the_dealer_resolved() {
        TargetSpec named = new TargetSpec(Kind.TCP, 4, null, "box.example", null, 22, null, null, null,
                new Source("tcp_v4.csv", 1), null, null, null);
        apply("tcp_v4.csv", List.of(named));
        Target t = known.view.target(dogdorm.dealer.table.TargetKey.of(named));
        known.table.update(t, named.withIp("192.0.2.9")); // as an alias would
        TargetSpec edited = new TargetSpec(Kind.TCP, 4, null, "box.example", null, 22, null, null, null,
                new Source("tcp_v4.csv", 1), Duration.ofMinutes(5), null, null).withTags(List.of("nas"));
        RowReconcile.Plan p = RowReconcile.plan("tcp_v4.csv", List.of(edited), rows, known.view);
        assertEquals(1, p.updated());
        assertEquals("192.0.2.9", p.updateTargets().get(0).spec().ip(), "what the dealer learned stays");
        assertEquals(Duration.ofMinutes(5), p.updateTargets().get(0).spec().interval());
        assertEquals(List.of("nas"), p.updateTargets().get(0).spec().tags(), "a tag edit updates the same target");
        assertEquals(t.id(), p.updateTargets().get(0).id());
    }

    @Test
    void a_row_in_two_files_is_imported_once_and_survives_the_first_file_dropping_it() {
        apply("a.csv", List.of(tcp("8.8.8.8", 53, "a.csv", 1)));
        RowReconcile.Plan second = apply("b.csv", List.of(tcp("8.8.8.8", 53, "b.csv", 4)));
        assertEquals(0, second.added());
        assertEquals("already listed in a.csv:1", second.duplicates().get(0).reason());
        assertEquals(4, second.duplicates().get(0).line());
        RowReconcile.Plan dropped = apply("a.csv", List.of());
        assertTrue(dropped.removeTargets().isEmpty(), "b.csv still lists it");
        assertEquals(new Source("b.csv", 4), dropped.updateTargets().get(0).spec().source());
        assertEquals(0, dropped.removed());
    }

    @Test
    void a_row_gone_from_its_only_file_removes_its_target() {
        Target t = known.add(tcp("8.8.8.8", 53, "a.csv", 1));
        rows.put("a.csv", RowReconcile.plan("a.csv", List.of(t.spec()), new ListRows(false), known.view), false);
        RowReconcile.Plan p = RowReconcile.plan("a.csv", List.of(), rows, known.view);
        assertEquals(List.of(t.id()), p.removeTargets());
        assertEquals(1, p.removed());
    }

    @Test
    void an_edited_candidate_that_was_not_validated_deserves_new_tries_and_its_services_follow() {
        apply("stun_v4.csv", List.of(stun("8.8.4.4", "stun_v4.csv", 1, null)));
        Candidate c = known.candidates.all().iterator().next();
        RowReconcile.Plan p = RowReconcile.plan("stun_v4.csv", List.of(stun("8.8.4.4", "stun_v4.csv", 1, "alice")),
                rows, known.view);
        RowReconcile.CandidateEdit e = p.editCandidates().get(0);
        assertEquals(c.id(), e.id());
        assertTrue(e.retry(), "pending, and edited: tried afresh");
        assertEquals("alice", e.spec().user());
        assertEquals(Map.of(), e.spec().options());
    }

    @Test
    void what_came_from_sources_that_are_gone_is_removed_unless_a_source_read_since_lists_it() {
        Target kept = known.add(tcp("8.8.8.8", 53, "kept.csv", 1));
        Target gone = known.add(tcp("8.8.4.4", 53, "gone.csv", 1));
        Target relisted = known.add(tcp("1.1.1.1", 53, "back.csv", 1));
        rows.put("back.csv", RowReconcile.plan("back.csv", List.of(relisted.spec()), new ListRows(false), known.view),
                false);
        RowReconcile.Plan p = RowReconcile.unlisted(f -> !f.equals("kept.csv"), known.table.list(),
                known.candidates.all(), rows);
        assertEquals(List.of(gone.id()), p.removeTargets());
        assertTrue(known.view.target(kept.id()) != null);
    }
}
