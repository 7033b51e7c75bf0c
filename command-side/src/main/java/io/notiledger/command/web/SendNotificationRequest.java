package io.notiledger.command.web;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.Priority;

import java.time.Instant;
import java.util.Map;

/** The JSON body of {@code POST /v1/notifications}; checked by {@link SendNotificationRequestValidator}. */
public record SendNotificationRequest(
        Channel channel,
        String recipient,
        String subject,
        String body,
        Instant sendAt,
        Priority priority,
        String correlationId,
        Map<String, String> metadata) {
}
