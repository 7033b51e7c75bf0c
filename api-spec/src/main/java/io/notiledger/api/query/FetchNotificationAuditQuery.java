package io.notiledger.api.query;

/**
 * Answered with a {@link NotificationAuditResponse}: every event of one notification, oldest first; no entries
 * when the id is unknown or the notification belongs to another tenant than {@code tenantId}. A null tenant
 * (an operator's query) matches every tenant.
 */
public record FetchNotificationAuditQuery(String notificationId, String tenantId) {
}
