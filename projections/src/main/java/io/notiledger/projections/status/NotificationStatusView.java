package io.notiledger.projections.status;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.query.NotificationStatusResponse;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One document per notification in {@code notification_status}. {@code lastAppliedSequence} is the
 * sequence number of the newest event folded in: an event at or below it is a duplicate and is skipped.
 * {@code projectedAt} is when this view last changed (wall clock), so that its lag behind the events can
 * be measured.
 * <p>
 * The indexes serve the search ({@code GET /v1/notifications}): each filter has one led by the tenant and ending in
 * the sort key (newest request first, then id), so a page of a tenant's matches is read off the index in order.
 * {@code recipientHash} is the recipient's keyed hash (absent without a configured key) and
 * {@code metadataEntries} the request's metadata as {@code key=value} texts; documents written before these fields
 * existed have neither and are found by those two filters only after the view is rebuilt.
 */
@Document(NotificationStatusView.COLLECTION)
@CompoundIndex(name = "search_all_tenants", def = "{'requestedAt': -1, '_id': -1}")
@CompoundIndex(name = "search_tenant", def = "{'tenantId': 1, 'requestedAt': -1, '_id': -1}")
@CompoundIndex(name = "search_status", def = "{'tenantId': 1, 'status': 1, 'requestedAt': -1, '_id': -1}")
@CompoundIndex(name = "search_channel", def = "{'tenantId': 1, 'channel': 1, 'requestedAt': -1, '_id': -1}")
@CompoundIndex(name = "search_priority", def = "{'tenantId': 1, 'priority': 1, 'requestedAt': -1, '_id': -1}")
@CompoundIndex(name = "search_correlation", def = "{'tenantId': 1, 'correlationId': 1, 'requestedAt': -1, '_id': -1}")
@CompoundIndex(name = "search_recipient", def = "{'tenantId': 1, 'recipientHash': 1, 'requestedAt': -1, '_id': -1}")
@CompoundIndex(name = "search_metadata", def = "{'tenantId': 1, 'metadataEntries': 1, 'requestedAt': -1, '_id': -1}")
// the live stream reads changes in (projectedAt, _id) order, per tenant or (operators) of every tenant
@CompoundIndex(name = "tenant_changes", def = "{'tenantId': 1, 'projectedAt': 1, '_id': 1}")
@CompoundIndex(name = "changes", def = "{'projectedAt': 1, '_id': 1}")
public record NotificationStatusView(
        @Id String id,
        String tenantId,
        Channel channel,
        Priority priority,
        String recipient,
        String recipientHash,
        List<String> metadataEntries,
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

    /** {@code key=value} per metadata entry (keys hold no {@code =}: the command side allows letters, digits, '.', '_', '-'). */
    public static List<String> metadataEntries(Map<String, String> metadata) {
        return metadata == null ? List.of() : metadata.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).sorted().toList();
    }

    public NotificationStatusResponse toResponse() {
        return new NotificationStatusResponse(id, tenantId, channel, priority, recipient, status, attempts, vendor,
                vendorMessageId, lastErrorCode, lastErrorMessage, sendAt, nextAttemptAt, correlationId, requestedAt,
                updatedAt, projectedAt, transitions == null ? Map.of() : transitions);
    }
}
