package io.notiledger.api.query;

import java.time.Instant;
import java.util.Map;

/** One audit entry found by an audit search: an {@link AuditEntryResponse} that names its notification. */
public record AuditEventResponse(
        String notificationId,
        long sequence,
        String eventId,
        String type,
        Instant occurredAt,
        Integer attemptNumber,
        String actor,
        String correlationId,
        Map<String, Object> details) {
}
