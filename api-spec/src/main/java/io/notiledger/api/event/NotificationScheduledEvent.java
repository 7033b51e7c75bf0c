package io.notiledger.api.event;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The notification waits until {@code sendAt} before it is queued. */
@Revision("1")
public record NotificationScheduledEvent(String notificationId, Instant sendAt) {
}
