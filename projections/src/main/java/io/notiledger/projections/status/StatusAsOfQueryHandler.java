package io.notiledger.projections.status;

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
            StatusChange change = RecordedStatusChange.of(entry.type(), entry.tenantId(), entry.details());
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
}
