package io.notiledger.api.event;

import org.axonframework.serialization.Revision;

/** Delivery attempt {@code attemptNumber} failed. */
@Revision("1")
public record DeliveryAttemptFailedEvent(String notificationId, int attemptNumber, String vendor, String errorCode, String errorMessage, boolean retryable) {
}
