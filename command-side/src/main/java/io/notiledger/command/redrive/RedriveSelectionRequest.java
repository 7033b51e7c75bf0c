package io.notiledger.command.redrive;

import java.time.Instant;

/**
 * What an operator wants re-driven: notifications in {@code status} (only DEAD_LETTERED can be re-driven),
 * dead-lettered in [{@code since}, {@code until}), optionally of one tenant, channel and last error code, at most
 * {@code limit} of them; and why. {@code runId} names the run; without it the run is named by the rest.
 */
public record RedriveSelectionRequest(String status, String tenant, Instant since, Instant until, String errorCode,
                                      String channel, Integer limit, String reason, String runId) {
}
