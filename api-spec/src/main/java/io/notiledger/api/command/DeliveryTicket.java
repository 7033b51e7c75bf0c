package io.notiledger.api.command;

import io.notiledger.api.notification.NotificationContent;

/**
 * What {@link StartDeliveryAttemptCommand} returns once the attempt is claimed: everything the
 * channel adapter needs to deliver this one attempt.
 *
 * @param attemptTimeoutId the id of the attempt's timeout, which its outcome cancels (null where no attempt
 *                         was claimed)
 */
public record DeliveryTicket(
        String notificationId,
        int attemptNumber,
        String tenantId,
        NotificationContent content,
        String attemptTimeoutId) {

    /** A ticket without a timeout: the content of a notification, not yet a claimed attempt. */
    public DeliveryTicket(String notificationId, int attemptNumber, String tenantId, NotificationContent content) {
        this(notificationId, attemptNumber, tenantId, content, null);
    }
}
