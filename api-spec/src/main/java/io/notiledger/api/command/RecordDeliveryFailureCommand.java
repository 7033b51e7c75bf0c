package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * @param retryable        whether the failure is transient (the aggregate still applies the attempt limit)
 * @param attemptTimeoutId the attempt's timeout (from its {@link DeliveryTicket}), cancelled now that the outcome
 *                         is known; null leaves it to fire and find the attempt over
 */
public record RecordDeliveryFailureCommand(
        @TargetAggregateIdentifier String notificationId,
        int attemptNumber,
        String vendor,
        String errorCode,
        String errorMessage,
        boolean retryable,
        String attemptTimeoutId) {

    public RecordDeliveryFailureCommand(String notificationId, int attemptNumber, String vendor, String errorCode,
                                        String errorMessage, boolean retryable) {
        this(notificationId, attemptNumber, vendor, errorCode, errorMessage, retryable, null);
    }
}
