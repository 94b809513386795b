package dogdorm.dealer.core;

import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.incident.Incident;
import java.util.List;

/**
 * What the store holds for the state core at start: every target, candidate and alias, the incidents still open,
 * and the highest ids ever given.
 */
public record Stored(List<TargetRow> targets, long lastTargetId, List<Candidate> candidates, long lastCandidateId,
                     List<Alias> aliases, long lastAliasId, List<Incident> openIncidents, long lastIncidentId) {
    public static Stored empty() {
        return new Stored(List.of(), 0, List.of(), 0, List.of(), 0, List.of(), 0);
    }
}
