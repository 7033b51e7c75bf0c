package io.notiledger.projections.status;

import io.notiledger.api.query.FetchStatusChangesQuery;
import io.notiledger.api.query.StatusChangesResponse;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Answers what changed in {@code notification_status} after a position, within the asking tenant: the live
 * stream's source. A document's position is ({@code projectedAt}, id): when the view last changed it, and its id
 * to order changes of the same instant.
 */
@Component
public class StatusChangesQueryHandler {

    private final MongoTemplate mongo;

    public StatusChangesQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public StatusChangesResponse handle(FetchStatusChangesQuery query) {
        Criteria tenant = query.tenantId() == null ? new Criteria() : Criteria.where("tenantId").is(query.tenantId());
        if (query.changedAt() == null) {
            Query latest = Query.query(tenant).with(Sort.by(Sort.Direction.DESC, "projectedAt", "_id")).limit(query.limit());
            List<NotificationStatusView> newestFirst = new ArrayList<>(mongo.find(latest, NotificationStatusView.class));
            Collections.reverse(newestFirst);
            return new StatusChangesResponse(newestFirst.stream().map(NotificationStatusView::toResponse).toList());
        }
        Criteria after = new Criteria().orOperator(
                Criteria.where("projectedAt").gt(query.changedAt()),
                Criteria.where("projectedAt").is(query.changedAt()).and("_id").gt(query.notificationId()));
        Query changes = Query.query(new Criteria().andOperator(tenant, after))
                .with(Sort.by(Sort.Direction.ASC, "projectedAt", "_id")).limit(query.limit());
        return new StatusChangesResponse(mongo.find(changes, NotificationStatusView.class).stream()
                .map(NotificationStatusView::toResponse).toList());
    }
}
