package io.notiledger.projections.audit;

import io.notiledger.api.query.AuditEntryResponse;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * One document per event in {@code notification_audit}; its id is (notification id, sequence), so the
 * same event written twice is one document.
 */
@Document(AuditEntryView.COLLECTION)
@CompoundIndex(name = "timeline", def = "{'notificationId': 1, 'sequence': 1}", unique = true)
public record AuditEntryView(
        @Id String id,
        String notificationId,
        long sequence,
        String eventId,
        String type,
        Instant occurredAt,
        Integer attemptNumber,
        String tenantId,
        String actor,
        String correlationId,
        Map<String, Object> details) {

    public static final String COLLECTION = "notification_audit";

    static String idOf(String notificationId, long sequence) {
        return notificationId + ":" + String.format("%010d", sequence);
    }

    public AuditEntryResponse toResponse() {
        return new AuditEntryResponse(sequence, eventId, type, occurredAt, attemptNumber, actor, correlationId,
                details == null ? Map.of() : details);
    }
}
