package io.notiledger.api.event;

import io.notiledger.api.notification.Channel;
import org.axonframework.serialization.Revision;

/**
 * The vendor accepted the notification.
 * <p>
 * Revision 2 added {@code channel}, so that a consumer counting what was sent per channel needs no other
 * event; revision 1 events read as {@link Channel#EMAIL} (see {@code NotificationSentEvent1To2Upcaster}).
 */
@Revision("2")
public record NotificationSentEvent(String notificationId, int attemptNumber, String vendor, String vendorMessageId,
                                    Channel channel) {
}
