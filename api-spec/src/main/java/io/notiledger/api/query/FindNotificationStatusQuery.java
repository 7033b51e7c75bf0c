package io.notiledger.api.query;

/** Answered with a {@link NotificationStatusResponse}, or an empty result when the id is unknown. */
public record FindNotificationStatusQuery(String notificationId) {
}
