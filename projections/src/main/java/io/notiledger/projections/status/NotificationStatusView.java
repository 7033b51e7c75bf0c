package io.notiledger.projections.status;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.query.NotificationStatusResponse;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * One document per notification in {@code notification_status}. {@code lastAppliedSequence} is the
 * sequence number of the newest event folded in: an event at or below it is a duplicate and is skipped.
 * {@code projectedAt} is when this view last changed (wall clock), so that its lag behind the events can
 * be measured.
 */
@Document(NotificationStatusView.COLLECTION)
// the live stream reads changes in (projectedAt, _id) order, per tenant or (operators) of every tenant
@CompoundIndex(name = "tenant_changes", def = "{'tenantId': 1, 'projectedAt': 1, '_id': 1}")
@CompoundIndex(name = "changes", def = "{'projectedAt': 1, '_id': 1}")
public record NotificationStatusView(
        @Id String id,
        String tenantId,
        Channel channel,
        Priority priority,
        String recipient,
        NotificationStatus status,
        int attempts,
        String vendor,
        String vendorMessageId,
        String lastErrorCode,
        String lastErrorMessage,
        Instant sendAt,
        Instant nextAttemptAt,
        String correlationId,
        Instant requestedAt,
        Instant updatedAt,
        Map<String, Instant> transitions,
        long lastAppliedSequence,
        Instant projectedAt) {

    public static final String COLLECTION = "notification_status";

    public NotificationStatusResponse toResponse() {
        return new NotificationStatusResponse(id, tenantId, channel, priority, recipient, status, attempts, vendor,
                vendorMessageId, lastErrorCode, lastErrorMessage, sendAt, nextAttemptAt, correlationId, requestedAt,
                updatedAt, projectedAt, transitions == null ? Map.of() : transitions);
    }
}
