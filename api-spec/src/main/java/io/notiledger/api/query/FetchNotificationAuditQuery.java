package io.notiledger.api.query;

/** Answered with a {@link NotificationAuditResponse}: every event of one notification, oldest first. */
public record FetchNotificationAuditQuery(String notificationId) {
}
