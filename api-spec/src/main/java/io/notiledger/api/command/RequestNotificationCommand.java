package io.notiledger.api.command;

import io.notiledger.api.notification.NotificationContent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the ledger to deliver one notification to one recipient on one channel.
 *
 * @param requestFingerprint a digest of the request's content; a repeated request with the same
 *                           idempotency key must carry the same fingerprint
 */
public record RequestNotificationCommand(
        @TargetAggregateIdentifier String notificationId,
        String tenantId,
        NotificationContent content,
        String idempotencyKey,
        String requestFingerprint) {
}
