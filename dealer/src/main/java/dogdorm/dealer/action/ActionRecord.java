package dogdorm.dealer.action;

import java.time.Instant;

/**
 * One remediation action, as audited: which target and droplet, what was asked, when, what the API answered, the
 * action's id and final status, or the error. Never the token.
 */
public record ActionRecord(long id, long targetId, String dropletId, String type, Instant requestedAt,
                           Integer apiStatus, Long actionId, String finalStatus, String error, Instant finishedAt) {}
