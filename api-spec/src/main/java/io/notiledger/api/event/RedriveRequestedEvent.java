package io.notiledger.api.event;

import org.axonframework.serialization.Revision;

/** An operator asked to deliver a dead-lettered notification again. */
@Revision("1")
public record RedriveRequestedEvent(String notificationId, String operator, String reason) {
}
