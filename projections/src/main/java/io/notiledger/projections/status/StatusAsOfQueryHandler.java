package io.notiledger.projections.status;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.query.FindNotificationStatusAsOfQuery;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.projections.audit.AuditEntryView;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status a notification had at a given moment: its audit entries up to that moment, read back into the
 * changes {@link StatusFold} makes of their events and folded in order, exactly as the status projection folds
 * the events themselves. Not found when the notification had not been requested by then. The answer has no
 * {@code projectedAt}: no view holds it.
 */
@Component
public class StatusAsOfQueryHandler {

    private final MongoTemplate mongo;

    public StatusAsOfQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public Optional<NotificationStatusResponse> handle(FindNotificationStatusAsOfQuery query) {
        List<AuditEntryView> entries = mongo.find(Query.query(Criteria.where("notificationId").is(query.notificationId())
                .and("occurredAt").lte(query.asOf())).with(Sort.by("sequence")), AuditEntryView.class);
        if (entries.isEmpty() || entries.get(0).sequence() != 0
                || query.tenantId() != null && !query.tenantId().equals(entries.get(0).tenantId())) {
            return Optional.empty();
        }
        MongoConverter converter = mongo.getConverter();
        Document status = new Document("_id", query.notificationId());
        Document transitions = new Document();
        for (AuditEntryView entry : entries) {
            StatusChange change = changeOf(entry);
            change.set().forEach((field, value) -> status.put(field, converter.convertToMongoType(value)));
            change.unset().forEach(status::remove);
            if (entry.sequence() == 0) {
                status.put("requestedAt", converter.convertToMongoType(entry.occurredAt()));
            }
            if (change.status() != null) {
                status.put("status", change.status().name());
                transitions.put(change.status().name(), converter.convertToMongoType(entry.occurredAt()));
            }
            status.put("updatedAt", converter.convertToMongoType(entry.occurredAt()));
            status.put("lastAppliedSequence", entry.sequence());
        }
        status.put("transitions", transitions);
        return Optional.of(converter.read(NotificationStatusView.class, status).toResponse());
    }

    /** The change the entry's event made, from the fields the audit kept of it (the same the event had). */
    private static StatusChange changeOf(AuditEntryView entry) {
        Map<String, Object> details = entry.details() == null ? Map.of() : entry.details();
        return switch (entry.type()) {
            case "NotificationRequested" -> StatusFold.requested(entry.tenantId(),
                    enumOf(Channel.class, details.get("channel")), enumOf(Priority.class, details.get("priority")),
                    text(details.get("recipient")), instant(details.get("sendAt")), text(details.get("correlationId")));
            case "NotificationScheduled" -> StatusFold.scheduled(instant(details.get("sendAt")));
            case "NotificationQueued" -> StatusFold.queued();
            case "DeliveryAttemptStarted" -> StatusFold.attemptStarted(((Number) details.get("attemptNumber")).intValue());
            case "NotificationSent" -> StatusFold.sent(text(details.get("vendor")), text(details.get("vendorMessageId")));
            case "DeliveryAttemptFailed" -> StatusFold.attemptFailed(text(details.get("vendor")),
                    text(details.get("errorCode")), text(details.get("errorMessage")));
            case "RetryScheduled" -> StatusFold.retryScheduled(instant(details.get("nextAttemptAt")));
            case "NotificationDeadLettered" -> StatusFold.deadLettered(text(details.get("lastErrorCode")));
            case "NotificationCancelled" -> StatusFold.cancelled();
            case "RedriveRequested" -> StatusFold.redriveRequested();
            // an event type this version does not know changes nothing, as in the status projection, which has no handler for it
            default -> StatusChange.to(null);
        };
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, Object value) {
        return value == null ? null : Enum.valueOf(type, value.toString());
    }
}
