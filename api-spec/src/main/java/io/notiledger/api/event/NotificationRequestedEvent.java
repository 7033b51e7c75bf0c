package io.notiledger.api.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.notiledger.api.notification.NotificationContent;
import org.axonframework.serialization.Revision;

/**
 * A client asked for one notification; it carries everything needed to deliver it. The content's fields are
 * written beside the others, not nested, as revision 1 has always stored them (the snapshot test pins it).
 */
@Revision("1")
public record NotificationRequestedEvent(String notificationId,
        String tenantId,
        @JsonUnwrapped NotificationContent content,
        String idempotencyKey,
        String requestFingerprint) {
}
