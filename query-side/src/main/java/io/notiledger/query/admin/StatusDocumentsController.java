package io.notiledger.query.admin;

import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.projections.status.NotificationStatusView;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.List;

/**
 * The status view as {@code ledger-admin verify} compares it with the event store: per notification its id, tenant,
 * status and the last sequence applied, nothing else (no recipient), a page at a time in id order. The next page
 * starts after the last id of this one, so a page costs the same however deep into the view it is.
 */
@RestController
@RequestMapping(value = "/admin/v1/views/notification-status/documents", produces = MediaType.APPLICATION_JSON_VALUE)
public class StatusDocumentsController {

    static final int MAX_PAGE = 10_000;

    private final MongoTemplate mongo;

    public StatusDocumentsController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** One status document as verify reads it; {@code lastAppliedSequence} null when the document holds no number. */
    public record StatusDocument(String id, String tenant, String status, Long lastAppliedSequence) {
    }

    /** A page of documents and the id to pass as {@code after} for the next one (null on the last page). */
    public record StatusDocumentsPage(List<StatusDocument> documents, String next) {
    }

    @GetMapping
    public Mono<StatusDocumentsPage> page(@RequestParam(required = false) String tenant,
                                          @RequestParam(required = false) String after,
                                          @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Mono.error(new LedgerException(ErrorCode.VALIDATION_FAILED,
                    "limit must be between 1 and " + MAX_PAGE));
        }
        return Mono.fromCallable(() -> read(tenant, after, limit)).subscribeOn(Schedulers.boundedElastic());
    }

    private StatusDocumentsPage read(String tenant, String after, int limit) {
        Criteria criteria = after == null ? new Criteria() : Criteria.where("_id").gt(after);
        if (tenant != null) {
            criteria = criteria.and("tenantId").is(tenant);
        }
        Query query = Query.query(criteria).with(Sort.by("_id")).limit(limit);
        query.fields().include("tenantId", "status", "lastAppliedSequence");
        List<StatusDocument> documents = new ArrayList<>(limit);
        for (Document document : mongo.find(query, Document.class, mongo.getCollectionName(NotificationStatusView.class))) {
            Object applied = document.get("lastAppliedSequence");
            Object status = document.get("status");
            documents.add(new StatusDocument(String.valueOf(document.get("_id")), document.getString("tenantId"),
                    status == null ? null : status.toString(), applied instanceof Number number ? number.longValue() : null));
        }
        String next = documents.size() < limit ? null : documents.get(documents.size() - 1).id();
        return new StatusDocumentsPage(documents, next);
    }
}
