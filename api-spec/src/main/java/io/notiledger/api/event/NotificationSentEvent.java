package io.notiledger.api.event;

import org.axonframework.serialization.Revision;

/** The vendor accepted the notification. */
@Revision("1")
public record NotificationSentEvent(String notificationId, int attemptNumber, String vendor, String vendorMessageId) {
}
