package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Claims delivery attempt {@code attemptNumber}; the aggregate refuses a second attempt in flight. */
public record StartDeliveryAttemptCommand(@TargetAggregateIdentifier String notificationId, int attemptNumber) {
}
