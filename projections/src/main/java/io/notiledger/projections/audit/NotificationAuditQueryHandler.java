package io.notiledger.projections.audit;

import io.notiledger.api.query.FetchNotificationAuditQuery;
import io.notiledger.api.query.NotificationAuditResponse;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;

/** Answers audit-timeline queries from {@code notification_audit}, oldest event first, within the asking tenant. */
@Component
public class NotificationAuditQueryHandler {

    private final MongoTemplate mongo;

    public NotificationAuditQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public NotificationAuditResponse handle(FetchNotificationAuditQuery query) {
        if (query.tenantId() != null && !belongsTo(query.notificationId(), query.tenantId())) {
            return new NotificationAuditResponse(query.notificationId(), List.of());
        }
        Query timeline = Query.query(Criteria.where("notificationId").is(query.notificationId()))
                .with(Sort.by("sequence"));
        return new NotificationAuditResponse(query.notificationId(),
                mongo.find(timeline, AuditEntryView.class).stream().map(AuditEntryView::toResponse).toList());
    }

    /**
     * Whether the tenant's own entries include this notification. Its first event always names the tenant (the
     * request carries it); an entry caused by a timer may not, so the tenant is matched on any entry, not each.
     */
    private boolean belongsTo(String notificationId, String tenantId) {
        return mongo.exists(Query.query(Criteria.where("notificationId").is(notificationId).and("tenantId").is(tenantId)),
                AuditEntryView.class);
    }
}
