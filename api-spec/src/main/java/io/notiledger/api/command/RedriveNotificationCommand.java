package io.notiledger.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An operator asks to deliver a dead-lettered notification again. */
public record RedriveNotificationCommand(@TargetAggregateIdentifier String notificationId, String operator, String reason) {
}
