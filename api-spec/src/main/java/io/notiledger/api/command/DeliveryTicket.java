package io.notiledger.api.command;

import io.notiledger.api.notification.NotificationContent;

/**
 * What {@link StartDeliveryAttemptCommand} returns once the attempt is claimed: everything the
 * channel adapter needs to deliver this one attempt.
 */
public record DeliveryTicket(
        String notificationId,
        int attemptNumber,
        String tenantId,
        NotificationContent content) {
}
