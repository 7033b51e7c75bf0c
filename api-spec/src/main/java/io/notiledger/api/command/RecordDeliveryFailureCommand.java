package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * @param retryable whether the failure is transient (the aggregate still applies the attempt limit)
 */
public record RecordDeliveryFailureCommand(
        @TargetAggregateIdentifier String notificationId,
        int attemptNumber,
        String vendor,
        String errorCode,
        String errorMessage,
        boolean retryable) {
}
