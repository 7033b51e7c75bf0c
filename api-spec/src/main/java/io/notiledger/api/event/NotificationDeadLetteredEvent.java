package io.notiledger.api.event;

import org.axonframework.serialization.Revision;

/** The ledger gave up on the notification: the failure was permanent or the attempts ran out. */
@Revision("1")
public record NotificationDeadLetteredEvent(String notificationId, int attempts, String lastErrorCode, String reason) {
}
