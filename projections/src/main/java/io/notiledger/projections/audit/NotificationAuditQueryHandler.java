package io.notiledger.projections.audit;

import io.notiledger.api.query.FetchNotificationAuditQuery;
import io.notiledger.api.query.NotificationAuditResponse;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Answers audit-timeline queries from {@code notification_audit}, oldest event first. */
@Component
public class NotificationAuditQueryHandler {

    private final MongoTemplate mongo;

    public NotificationAuditQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public NotificationAuditResponse handle(FetchNotificationAuditQuery query) {
        Query timeline = Query.query(Criteria.where("notificationId").is(query.notificationId()))
                .with(Sort.by("sequence"));
        return new NotificationAuditResponse(query.notificationId(),
                mongo.find(timeline, AuditEntryView.class).stream().map(AuditEntryView::toResponse).toList());
    }
}
