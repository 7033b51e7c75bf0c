package io.notiledger.api.event;

import io.notiledger.api.notification.QueueReason;
import org.axonframework.serialization.Revision;

/** The notification waits for delivery attempt {@code attemptNumber}. */
@Revision("1")
public record NotificationQueuedEvent(String notificationId, int attemptNumber, QueueReason reason) {
}
