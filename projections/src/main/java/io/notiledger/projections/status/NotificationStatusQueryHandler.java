package io.notiledger.projections.status;

import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationStatusResponse;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers status queries from {@code notification_status}. */
@Component
public class NotificationStatusQueryHandler {

    private final MongoTemplate mongo;

    public NotificationStatusQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public Optional<NotificationStatusResponse> handle(FindNotificationStatusQuery query) {
        return Optional.ofNullable(mongo.findById(query.notificationId(), NotificationStatusView.class))
                .map(NotificationStatusView::toResponse);
    }
}
