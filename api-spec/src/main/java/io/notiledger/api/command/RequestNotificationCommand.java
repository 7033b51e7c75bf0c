package io.notiledger.api.command;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.Priority;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Asks the ledger to deliver one notification to one recipient on one channel.
 *
 * @param requestFingerprint a digest of the request's content; a repeated request with the same
 *                           idempotency key must carry the same fingerprint
 */
public record RequestNotificationCommand(
        @TargetAggregateIdentifier String notificationId,
        String tenantId,
        Channel channel,
        String recipient,
        String subject,
        String body,
        Instant sendAt,
        Priority priority,
        String correlationId,
        Map<String, String> metadata,
        String idempotencyKey,
        String requestFingerprint) {
}
