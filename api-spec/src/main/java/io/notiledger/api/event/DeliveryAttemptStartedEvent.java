package io.notiledger.api.event;

import io.notiledger.api.notification.Channel;
import org.axonframework.serialization.Revision;

/** Delivery attempt {@code attemptNumber} was claimed; no other attempt may start until it ends. */
@Revision("1")
public record DeliveryAttemptStartedEvent(String notificationId, int attemptNumber, Channel channel) {
}
