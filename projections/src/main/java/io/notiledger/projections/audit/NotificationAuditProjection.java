package io.notiledger.projections.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.RecipientMask;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@code notification_audit}: one entry per ledger event, keyed by (notification id, sequence),
 * written with insert-if-absent so duplicates and replays leave it unchanged. The writes go out as one
 * bulk write per batch ({@link BatchedViewWrites}). The notification's body
 * never enters the audit trail and its recipient is masked.
 */
@Component
@ProcessingGroup(NotificationAuditProjection.PROCESSING_GROUP)
public class NotificationAuditProjection {

    public static final String PROCESSING_GROUP = "notification-audit";
    private static final String EVENT_PACKAGE = "io.notiledger.api.event.";
    private static final Set<String> NOT_AUDITED = Set.of("notificationId", "body", "requestFingerprint");

    private final MongoTemplate mongo;
    private final BatchedViewWrites writes;
    private final ObjectMapper json;

    public NotificationAuditProjection(MongoTemplate mongo, BatchedViewWrites writes, ObjectMapper json) {
        this.mongo = mongo;
        this.writes = writes;
        this.json = json;
    }

    @EventHandler
    public void on(Object event, DomainEventMessage<?> message) {
        if (!event.getClass().getName().startsWith(EVENT_PACKAGE)) {
            return;
        }
        Map<String, Object> fields = json.convertValue(event, json.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        Object attempt = fields.containsKey("attemptNumber") ? fields.get("attemptNumber") : fields.get("nextAttemptNumber");
        Map<String, Object> details = new LinkedHashMap<>(fields);
        details.keySet().removeAll(NOT_AUDITED);
        details.computeIfPresent("recipient", (key, recipient) -> RecipientMask.mask((String) recipient));
        details.values().removeIf(value -> value == null);
        MetaData metaData = message.getMetaData();
        String id = AuditEntryView.idOf(message.getAggregateIdentifier(), message.getSequenceNumber());
        Update insert = new Update()
                .setOnInsert("notificationId", message.getAggregateIdentifier())
                .setOnInsert("sequence", message.getSequenceNumber())
                .setOnInsert("eventId", message.getIdentifier())
                .setOnInsert("type", typeOf(event))
                .setOnInsert("occurredAt", message.getTimestamp())
                .setOnInsert("attemptNumber", attempt)
                .setOnInsert("tenantId", metaData.get(LedgerMetaData.TENANT_ID))
                .setOnInsert("actor", metaData.get(LedgerMetaData.ACTOR))
                .setOnInsert("correlationId", metaData.get(LedgerMetaData.CORRELATION_ID))
                .setOnInsert("details", details);
        writes.upsert(AuditEntryView.class, Query.query(Criteria.where("_id").is(id)), insert);
    }

    @ResetHandler
    public void reset() {
        mongo.remove(new Query(), AuditEntryView.class);
    }

    /** {@code NotificationSentEvent} is audited as {@code NotificationSent}. */
    private static String typeOf(Object event) {
        String name = event.getClass().getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }
}
