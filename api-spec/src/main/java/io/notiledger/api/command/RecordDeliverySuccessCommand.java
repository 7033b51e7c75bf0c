package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordDeliverySuccessCommand(
        @TargetAggregateIdentifier String notificationId,
        int attemptNumber,
        String vendor,
        String vendorMessageId) {
}
