package io.notiledger.projections.audit;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.HashMap;
import java.util.Map;

/**
 * The tenant and correlation id of each notification's request, for the audit entries of events that do not carry
 * them in their meta-data (an event a timer causes carries neither): every entry is then found by a tenant's search
 * and by its notification's correlation id. A notification's request is audited before its other events (one
 * notification's events arrive in order), either in the batch being handled, which remembers it here, or earlier,
 * when it is read back from the request's entry.
 */
final class RequestContexts {

    private static final String RESOURCE = RequestContexts.class.getName();
    private static final RequestContext UNKNOWN = new RequestContext(null, null);

    private final MongoTemplate mongo;

    RequestContexts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    record RequestContext(String tenantId, String correlationId) {
    }

    void remember(String notificationId, String tenantId, String correlationId) {
        if (CurrentUnitOfWork.isStarted()) {
            known().put(notificationId, new RequestContext(tenantId, correlationId));
        }
    }

    RequestContext of(String notificationId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return read(notificationId);
        }
        return known().computeIfAbsent(notificationId, this::read);
    }

    private Map<String, RequestContext> known() {
        return CurrentUnitOfWork.get().root().getOrComputeResource(RESOURCE, key -> new HashMap<>());
    }

    private RequestContext read(String notificationId) {
        Query request = Query.query(Criteria.where("_id").is(AuditEntryView.idOf(notificationId, 0)));
        request.fields().include("tenantId").include("correlationId").include("details");
        Document entry = mongo.findOne(request, Document.class, mongo.getCollectionName(AuditEntryView.class));
        if (entry == null) {
            return UNKNOWN;
        }
        Document details = entry.get("details") instanceof Document found ? found : new Document();
        return new RequestContext(firstText(entry.get("tenantId"), details.get("tenantId")),
                firstText(entry.get("correlationId"), details.get("correlationId")));
    }

    private static String firstText(Object first, Object second) {
        return first instanceof String text ? text : second instanceof String text ? text : null;
    }
}
