package io.notiledger.api.query;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;

import java.time.Instant;
import java.util.Map;

/**
 * The current state of one notification, as the status view knows it.
 *
 * @param recipient   masked: enough to recognise, not enough to harvest
 * @param updatedAt   when the newest event the view applied happened
 * @param projectedAt when the view applied it (the difference is the view's lag)
 * @param transitions when the notification entered each state (the latest entry wins)
 */
public record NotificationStatusResponse(
        String notificationId,
        String tenantId,
        Channel channel,
        Priority priority,
        String recipient,
        NotificationStatus status,
        int attempts,
        String vendor,
        String vendorMessageId,
        String lastErrorCode,
        String lastErrorMessage,
        Instant sendAt,
        Instant nextAttemptAt,
        String correlationId,
        Instant requestedAt,
        Instant updatedAt,
        Instant projectedAt,
        Map<String, Instant> transitions) {
}
