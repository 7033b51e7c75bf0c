package io.notiledger.projections.status;

import io.notiledger.api.query.NotificationSearchResponse;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.api.query.PagePosition;
import io.notiledger.api.query.SearchNotificationsQuery;
import io.notiledger.projections.Keyset;
import io.notiledger.projections.RecipientHash;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers notification searches from {@code notification_status}: every filter an equality on an indexed field
 * (the recipient through its keyed hash), newest request first, paged by keyset ({@link Keyset}).
 */
@Component
public class NotificationSearchQueryHandler {

    private static final Keyset KEYSET = new Keyset("requestedAt");

    private final MongoTemplate mongo;
    private final RecipientHash recipientHash;

    public NotificationSearchQueryHandler(MongoTemplate mongo, RecipientHash recipientHash) {
        this.mongo = mongo;
        this.recipientHash = recipientHash;
    }

    @QueryHandler
    public NotificationSearchResponse handle(SearchNotificationsQuery query) {
        List<Criteria> filters = new ArrayList<>();
        equal(filters, "tenantId", query.tenantId());
        equal(filters, "status", query.status());
        equal(filters, "channel", query.channel());
        equal(filters, "priority", query.priority());
        equal(filters, "correlationId", query.correlationId());
        if (query.recipient() != null) {
            filters.add(Criteria.where("recipientHash").is(recipientHash.of(query.recipient()).orElseThrow(() ->
                    new IllegalStateException("A recipient search needs ledger.views.recipient-hash-key"))));
        }
        if (query.requestedFrom() != null) {
            filters.add(Criteria.where("requestedAt").gte(query.requestedFrom()));
        }
        if (query.requestedTo() != null) {
            filters.add(Criteria.where("requestedAt").lt(query.requestedTo()));
        }
        if (!query.metadata().isEmpty()) {
            filters.add(Criteria.where("metadataEntries").all(query.metadata()));
        }
        List<NotificationStatusView> rows = mongo.find(KEYSET.query(filters, query.after(), query.limit()), NotificationStatusView.class);
        Keyset.Page<NotificationStatusResponse> page = KEYSET.page(rows, query.limit(),
                row -> new PagePosition(row.requestedAt(), row.id()), NotificationStatusView::toResponse);
        return new NotificationSearchResponse(page.items(), page.next());
    }

    private static void equal(List<Criteria> filters, String field, Object value) {
        if (value != null) {
            filters.add(Criteria.where(field).is(value));
        }
    }
}
