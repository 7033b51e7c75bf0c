package io.notiledger.api.event;

import org.axonframework.serialization.Revision;

/** The notification was cancelled before it was sent. */
@Revision("1")
public record NotificationCancelledEvent(String notificationId, String actor, String reason) {
}
