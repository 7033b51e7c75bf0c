package io.notiledger.api.command;

import io.notiledger.api.notification.NotificationStatus;

/**
 * What {@link RequestNotificationCommand} returns: the notification's id and its status.
 *
 * @param created false when the request repeated an earlier one with the same idempotency key
 */
public record NotificationAccepted(String notificationId, NotificationStatus status, boolean created) {
}
