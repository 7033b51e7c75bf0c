package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CancelNotificationCommand(@TargetAggregateIdentifier String notificationId, String actor, String reason) {
}
