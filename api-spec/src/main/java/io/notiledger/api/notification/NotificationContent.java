package io.notiledger.api.notification;

import java.time.Instant;
import java.util.Map;

/**
 * What a client asked to have delivered, carried unchanged from the command through the
 * {@code NotificationRequestedEvent} to each attempt's delivery ticket.
 *
 * @param sendAt        when to send; {@code null} for at once
 * @param correlationId the client's id for the request, or one the ledger made
 */
public record NotificationContent(
        Channel channel,
        String recipient,
        String subject,
        String body,
        Instant sendAt,
        Priority priority,
        String correlationId,
        Map<String, String> metadata) {
}
