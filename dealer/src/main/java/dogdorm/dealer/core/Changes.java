package dogdorm.dealer.core;

import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.ranking.UptimeBucket;
import java.util.List;
import java.util.Set;

/**
 * What one flush stores of the state core, taken in one cut under its lock: changed targets (a deleted one takes
 * its history and incidents with it), uptime deltas for their hourly buckets, changed candidates and aliases, the
 * incidents opened or closed by those same changes, the events they cause (to send once stored), and the highest
 * ids ever given (ids are never reused).
 */
public record Changes(List<TargetRow> targets, Set<Long> deletedTargets, long lastTargetId, List<UptimeBucket> uptime,
                      List<Candidate> candidates, Set<Long> deletedCandidates, long lastCandidateId,
                      List<Alias> aliases, Set<Long> deletedAliases, long lastAliasId,
                      List<Incident> incidents, long lastIncidentId, List<Event> events) {
    public Changes {
        targets = List.copyOf(targets);
        deletedTargets = Set.copyOf(deletedTargets);
        uptime = List.copyOf(uptime);
        candidates = List.copyOf(candidates);
        deletedCandidates = Set.copyOf(deletedCandidates);
        aliases = List.copyOf(aliases);
        deletedAliases = Set.copyOf(deletedAliases);
        incidents = List.copyOf(incidents);
        events = List.copyOf(events);
    }

    /** Targets only (tests and benchmarks that write rows directly). */
    public static Changes ofTargets(List<TargetRow> targets, Set<Long> deleted, long lastId,
                                    List<UptimeBucket> uptime) {
        return new Changes(targets, deleted, lastId, uptime, List.of(), Set.of(), 0, List.of(), Set.of(), 0,
                List.of(), 0, List.of());
    }

    public static Changes none() {
        return ofTargets(List.of(), Set.of(), 0, List.of());
    }

    /** Rows to write (uptime deltas are not counted: they ride along). */
    public int size() {
        return targets.size() + deletedTargets.size() + candidates.size() + deletedCandidates.size()
                + aliases.size() + deletedAliases.size() + incidents.size() + events.size();
    }

    public boolean isEmpty() {
        return size() == 0 && uptime.isEmpty();
    }
}
