package io.notiledger.projections.audit;

import io.notiledger.api.query.AuditEntryResponse;
import io.notiledger.api.query.AuditEventResponse;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * One document per event in {@code notification_audit}; its id is (notification id, sequence), so the
 * same event written twice is one document.
 * <p>
 * Besides the timeline's, the indexes serve the audit search ({@code GET /v1/audit-events}): one per filter, led by
 * the tenant and ending in the sort key (newest first, then id). {@code errorCode} is the failure's code of a failed
 * attempt or a dead-lettering (also in {@code details}); entries written before it existed, and entries of timer
 * events written before the tenant was resolved for them, are found by those filters only after a rebuild.
 */
@Document(AuditEntryView.COLLECTION)
@CompoundIndex(name = "timeline", def = "{'notificationId': 1, 'sequence': 1}", unique = true)
@CompoundIndex(name = "search_all_tenants", def = "{'occurredAt': -1, '_id': -1}")
@CompoundIndex(name = "search_tenant", def = "{'tenantId': 1, 'occurredAt': -1, '_id': -1}")
@CompoundIndex(name = "search_type", def = "{'tenantId': 1, 'type': 1, 'occurredAt': -1, '_id': -1}")
@CompoundIndex(name = "search_actor", def = "{'tenantId': 1, 'actor': 1, 'occurredAt': -1, '_id': -1}")
@CompoundIndex(name = "search_error_code", def = "{'tenantId': 1, 'errorCode': 1, 'occurredAt': -1, '_id': -1}")
@CompoundIndex(name = "search_correlation", def = "{'tenantId': 1, 'correlationId': 1, 'occurredAt': -1, '_id': -1}")
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
        String errorCode,
        Map<String, Object> details) {

    public static final String COLLECTION = "notification_audit";

    static String idOf(String notificationId, long sequence) {
        return notificationId + ":" + String.format("%010d", sequence);
    }

    public AuditEventResponse toEventResponse() {
        return new AuditEventResponse(notificationId, sequence, eventId, type, occurredAt, attemptNumber, actor, correlationId,
                details == null ? Map.of() : details);
    }

    public AuditEntryResponse toResponse() {
        return new AuditEntryResponse(sequence, eventId, type, occurredAt, attemptNumber, actor, correlationId,
                details == null ? Map.of() : details);
    }
}
