package io.notiledger.projections.status;

import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationStatusResponse;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers status queries from {@code notification_status}, within the asking tenant. */
@Component
public class NotificationStatusQueryHandler {

    private final MongoTemplate mongo;

    public NotificationStatusQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public Optional<NotificationStatusResponse> handle(FindNotificationStatusQuery query) {
        Criteria byId = Criteria.where("_id").is(query.notificationId());
        // another tenant's notification is not found, exactly like an unknown id: the same one query either way
        Criteria scoped = query.tenantId() == null ? byId : byId.and("tenantId").is(query.tenantId());
        return Optional.ofNullable(mongo.findOne(Query.query(scoped), NotificationStatusView.class))
                .map(NotificationStatusView::toResponse);
    }
}
