package io.notiledger.command.redrive;

import java.util.List;

/**
 * The notifications a re-drive would re-drive, as the event store tells it.
 *
 * @param runId           the run's id, to send with each re-drive of this selection
 * @param selected        how many were selected
 * @param sample          the first few, with their details
 * @param notificationIds every selected notification, oldest dead-lettering first
 */
public record RedriveSelectionResponse(String runId, int selected, List<RedriveCandidate> sample,
                                       List<String> notificationIds) {
}
