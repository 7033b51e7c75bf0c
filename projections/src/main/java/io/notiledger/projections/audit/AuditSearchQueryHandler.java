package io.notiledger.projections.audit;

import io.notiledger.api.query.AuditEventResponse;
import io.notiledger.api.query.AuditSearchResponse;
import io.notiledger.api.query.PagePosition;
import io.notiledger.api.query.SearchAuditEventsQuery;
import io.notiledger.projections.Keyset;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers audit searches across notifications from {@code notification_audit}: every filter an equality on an
 * indexed field or a time range, newest entry first, paged by keyset ({@link Keyset}).
 */
@Component
public class AuditSearchQueryHandler {

    private static final Keyset KEYSET = new Keyset("occurredAt");

    private final MongoTemplate mongo;

    public AuditSearchQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public AuditSearchResponse handle(SearchAuditEventsQuery query) {
        List<Criteria> filters = new ArrayList<>();
        equal(filters, "tenantId", query.tenantId());
        equal(filters, "type", query.type());
        equal(filters, "actor", query.actor());
        equal(filters, "errorCode", query.errorCode());
        equal(filters, "correlationId", query.correlationId());
        if (query.from() != null) {
            filters.add(Criteria.where("occurredAt").gte(query.from()));
        }
        if (query.to() != null) {
            filters.add(Criteria.where("occurredAt").lt(query.to()));
        }
        List<AuditEntryView> rows = mongo.find(KEYSET.query(filters, query.after(), query.limit()), AuditEntryView.class);
        Keyset.Page<AuditEventResponse> page = KEYSET.page(rows, query.limit(),
                row -> new PagePosition(row.occurredAt(), row.id()), AuditEntryView::toEventResponse);
        return new AuditSearchResponse(page.items(), page.next());
    }

    private static void equal(List<Criteria> filters, String field, Object value) {
        if (value != null) {
            filters.add(Criteria.where(field).is(value));
        }
    }
}
