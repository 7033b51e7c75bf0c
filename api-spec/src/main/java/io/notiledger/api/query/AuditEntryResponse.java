package io.notiledger.api.query;

import java.time.Instant;
import java.util.Map;

/**
 * One event in a notification's audit timeline.
 *
 * @param sequence      the event's position in the notification's own stream (0 is the request)
 * @param attemptNumber the delivery attempt the event concerns, when it concerns one
 * @param details       the event's own fields that matter to an auditor (error code and message, vendor, ...)
 */
public record AuditEntryResponse(
        long sequence,
        String eventId,
        String type,
        Instant occurredAt,
        Integer attemptNumber,
        String actor,
        String correlationId,
        Map<String, Object> details) {
}
