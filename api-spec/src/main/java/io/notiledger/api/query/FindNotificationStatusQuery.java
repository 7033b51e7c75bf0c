package io.notiledger.api.query;

/**
 * Answered with a {@link NotificationStatusResponse}, or an empty result when the id is unknown or the
 * notification belongs to another tenant than {@code tenantId}. A null tenant (an operator's query) matches
 * every tenant.
 */
public record FindNotificationStatusQuery(String notificationId, String tenantId) {
}
