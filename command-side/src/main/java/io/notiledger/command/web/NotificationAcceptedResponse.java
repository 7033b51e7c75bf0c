package io.notiledger.command.web;

import io.notiledger.api.notification.NotificationStatus;

/** The answer to an accepted command: the notification and the state the command left it in. */
public record NotificationAcceptedResponse(String id, NotificationStatus status) {
}
