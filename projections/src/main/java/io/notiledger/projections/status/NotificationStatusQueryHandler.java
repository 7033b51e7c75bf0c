package io.notiledger.projections.status;

import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationStatusResponse;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Answers status queries from {@code notification_status}, within the asking tenant. */
@Component
public class NotificationStatusQueryHandler {

    private final MongoTemplate mongo;

    public NotificationStatusQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Reads the document by {@code _id} alone and checks its tenant here: another tenant's notification is not
     * found, exactly like an unknown id, with the same one query either way. A filter on {@code _id} and
     * {@code tenantId} together would make the MongoDB stand-in scan the whole collection (it uses an index only
     * when the filter names exactly the index's fields), a cost growing with every notification ever stored.
     */
    @QueryHandler
    public Optional<NotificationStatusResponse> handle(FindNotificationStatusQuery query) {
        return Optional.ofNullable(mongo.findById(query.notificationId(), NotificationStatusView.class))
                .filter(view -> query.tenantId() == null || query.tenantId().equals(view.tenantId()))
                .map(NotificationStatusView::toResponse);
    }
}
