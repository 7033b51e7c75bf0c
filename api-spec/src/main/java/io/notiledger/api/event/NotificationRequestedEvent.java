package io.notiledger.api.event;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.Priority;
import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A client asked for one notification; it carries everything needed to deliver it. */
@Revision("1")
public record NotificationRequestedEvent(String notificationId,
        String tenantId,
        Channel channel,
        String recipient,
        String subject,
        String body,
        Instant sendAt,
        Priority priority,
        String correlationId,
        Map<String, String> metadata,
        String idempotencyKey,
        String requestFingerprint) {
}
