package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * @param attemptTimeoutId the attempt's timeout (from its {@link DeliveryTicket}), cancelled now that the outcome
 *                         is known; null leaves it to fire and find the attempt over
 */
public record RecordDeliverySuccessCommand(
        @TargetAggregateIdentifier String notificationId,
        int attemptNumber,
        String vendor,
        String vendorMessageId,
        String attemptTimeoutId) {

    public RecordDeliverySuccessCommand(String notificationId, int attemptNumber, String vendor, String vendorMessageId) {
        this(notificationId, attemptNumber, vendor, vendorMessageId, null);
    }
}
