package io.notiledger.projections.audit;

import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.DeliveryAttemptStartedEvent;
import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationScheduledEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.api.event.RedriveRequestedEvent;
import io.notiledger.api.event.RetryScheduledEvent;
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

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds {@code notification_audit}: one entry per ledger event, keyed by (notification id, sequence),
 * written with insert-if-absent so duplicates and replays leave it unchanged. The writes go out as one
 * bulk write per batch ({@link BatchedViewWrites}).
 * <p>
 * Each event type has its own handler naming the fields it audits, so a renamed or removed event field
 * fails to compile here instead of silently leaving the audit. The notification's body and request
 * fingerprint never enter the audit trail, and its recipient is masked.
 */
@Component
@ProcessingGroup(NotificationAuditProjection.PROCESSING_GROUP)
public class NotificationAuditProjection {

    public static final String PROCESSING_GROUP = "notification-audit";

    private final MongoTemplate mongo;
    private final BatchedViewWrites writes;
    private final RequestContexts requests;

    public NotificationAuditProjection(MongoTemplate mongo, BatchedViewWrites writes) {
        this.mongo = mongo;
        this.writes = writes;
        this.requests = new RequestContexts(mongo);
    }

    @EventHandler
    public void on(NotificationRequestedEvent event, DomainEventMessage<?> message) {
        requests.remember(event.notificationId(), event.tenantId(), event.content().correlationId());
        record(message, null, null, new AuditDetails()
                .with("tenantId", event.tenantId())
                .with("channel", event.content().channel())
                .with("recipient", RecipientMask.mask(event.content().recipient()))
                .with("subject", event.content().subject())
                .with("sendAt", event.content().sendAt())
                .with("priority", event.content().priority())
                .with("correlationId", event.content().correlationId())
                .with("metadata", event.content().metadata())
                .with("idempotencyKey", event.idempotencyKey()));
    }

    @EventHandler
    public void on(NotificationScheduledEvent event, DomainEventMessage<?> message) {
        record(message, null, null, new AuditDetails().with("sendAt", event.sendAt()));
    }

    @EventHandler
    public void on(NotificationQueuedEvent event, DomainEventMessage<?> message) {
        record(message, event.attemptNumber(), null, new AuditDetails()
                .with("attemptNumber", event.attemptNumber())
                .with("reason", event.reason()));
    }

    @EventHandler
    public void on(DeliveryAttemptStartedEvent event, DomainEventMessage<?> message) {
        record(message, event.attemptNumber(), null, new AuditDetails()
                .with("attemptNumber", event.attemptNumber())
                .with("channel", event.channel()));
    }

    @EventHandler
    public void on(NotificationSentEvent event, DomainEventMessage<?> message) {
        record(message, event.attemptNumber(), null, new AuditDetails()
                .with("attemptNumber", event.attemptNumber())
                .with("vendor", event.vendor())
                .with("vendorMessageId", event.vendorMessageId())
                .with("channel", event.channel()));
    }

    @EventHandler
    public void on(DeliveryAttemptFailedEvent event, DomainEventMessage<?> message) {
        record(message, event.attemptNumber(), event.errorCode(), new AuditDetails()
                .with("attemptNumber", event.attemptNumber())
                .with("vendor", event.vendor())
                .with("errorCode", event.errorCode())
                .with("errorMessage", event.errorMessage())
                .with("retryable", event.retryable()));
    }

    /** The entry's attempt number is the attempt the retry will make. */
    @EventHandler
    public void on(RetryScheduledEvent event, DomainEventMessage<?> message) {
        record(message, event.nextAttemptNumber(), null, new AuditDetails()
                .with("nextAttemptNumber", event.nextAttemptNumber())
                .with("nextAttemptAt", event.nextAttemptAt())
                .with("backoff", event.backoff()));
    }

    @EventHandler
    public void on(NotificationDeadLetteredEvent event, DomainEventMessage<?> message) {
        record(message, null, event.lastErrorCode(), new AuditDetails()
                .with("attempts", event.attempts())
                .with("lastErrorCode", event.lastErrorCode())
                .with("reason", event.reason()));
    }

    @EventHandler
    public void on(NotificationCancelledEvent event, DomainEventMessage<?> message) {
        record(message, null, null, new AuditDetails()
                .with("actor", event.actor())
                .with("reason", event.reason()));
    }

    @EventHandler
    public void on(RedriveRequestedEvent event, DomainEventMessage<?> message) {
        record(message, null, null, new AuditDetails()
                .with("operator", event.operator())
                .with("reason", event.reason()));
    }

    @ResetHandler
    public void reset() {
        mongo.remove(new Query(), AuditEntryView.class);
    }

    /**
     * Queues the entry's insert. An event without a tenant or correlation id in its meta-data (a timer's) gets its
     * notification's, so that the tenant's audit search and a search by correlation id find it too.
     */
    private void record(DomainEventMessage<?> message, Integer attemptNumber, String errorCode, AuditDetails details) {
        MetaData metaData = message.getMetaData();
        String notificationId = message.getAggregateIdentifier();
        String id = AuditEntryView.idOf(notificationId, message.getSequenceNumber());
        String tenantId = metaData.get(LedgerMetaData.TENANT_ID) instanceof String text ? text : null;
        String correlationId = metaData.get(LedgerMetaData.CORRELATION_ID) instanceof String text ? text : null;
        if (tenantId == null || correlationId == null) {
            RequestContexts.RequestContext request = requests.of(notificationId);
            tenantId = tenantId == null ? request.tenantId() : tenantId;
            correlationId = correlationId == null ? request.correlationId() : correlationId;
        }
        Update insert = new Update()
                .setOnInsert("notificationId", notificationId)
                .setOnInsert("sequence", message.getSequenceNumber())
                .setOnInsert("eventId", message.getIdentifier())
                .setOnInsert("type", typeOf(message))
                .setOnInsert("occurredAt", message.getTimestamp())
                .setOnInsert("attemptNumber", attemptNumber)
                .setOnInsert("tenantId", tenantId)
                .setOnInsert("actor", metaData.get(LedgerMetaData.ACTOR))
                .setOnInsert("correlationId", correlationId)
                .setOnInsert("details", details.asMap());
        if (errorCode != null) {
            insert.setOnInsert("errorCode", errorCode);
        }
        writes.upsert(AuditEntryView.class, Query.query(Criteria.where("_id").is(id)), insert);
    }

    /** The type of every entry this projection writes, as an audit search names it: one per event handler. */
    public static Set<String> auditedTypes() {
        return Arrays.stream(NotificationAuditProjection.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(method -> typeOf(method.getParameterTypes()[0]))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String typeOf(DomainEventMessage<?> message) {
        return typeOf(message.getPayloadType());
    }

    /** {@code NotificationSentEvent} is audited as {@code NotificationSent}. */
    private static String typeOf(Class<?> event) {
        String name = event.getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }
}
