package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An operator asks to deliver a dead-lettered notification again.
 *
 * @param runId the re-drive run this belongs to, or null for a single re-drive: a notification is re-driven at
 *              most once per run, so that running the same re-drive twice re-drives nothing twice
 */
public record RedriveNotificationCommand(@TargetAggregateIdentifier String notificationId, String operator, String reason,
                                         String runId) {
}
