package io.notiledger.projections.stats;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The marks {@code inFlight.<notification id>} that the counters documents the batch being handled touches still
 * hold: left only by a batch that stopped between its increments and its notifications' marks (see
 * {@link DeliveryStatsProjection}), so normally none. They are read for all of the batch's counters documents in one
 * query when the batch first needs one; outside a unit of work each lookup reads the one document.
 */
final class InFlightMarks {

    private static final String RESOURCE = InFlightMarks.class.getName();
    static final String FIELD = "inFlight";

    private final MongoTemplate mongo;
    private final Function<EventMessage<?>, Optional<String>> documentOf;

    /** @param documentOf the counters document an event of the batch is counted in, if it is counted */
    InFlightMarks(MongoTemplate mongo, Function<EventMessage<?>, Optional<String>> documentOf) {
        this.mongo = mongo;
        this.documentOf = documentOf;
    }

    /** Whether the document holds a mark of this notification at or above this sequence number. */
    boolean holds(String documentId, String notificationId, long sequence) {
        Map<String, Document> marks;
        if (CurrentUnitOfWork.isStarted()) {
            marks = batchMarks();
            if (!marks.containsKey(documentId)) {
                marks.putAll(read(List.of(documentId)));
            }
        } else {
            marks = read(List.of(documentId));
        }
        Document inFlight = marks.get(documentId);
        return inFlight != null && inFlight.get(notificationId) instanceof Number mark && mark.longValue() >= sequence;
    }

    private Map<String, Document> batchMarks() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(RESOURCE, key -> new HashMap<>(read(documentsOf(batch))));
    }

    private Set<String> documentsOf(UnitOfWork<?> batch) {
        List<?> messages = batch instanceof BatchingUnitOfWork<?> batching ? batching.getMessages()
                : batch.getMessage() == null ? List.of() : List.of(batch.getMessage());
        Set<String> documents = new LinkedHashSet<>();
        messages.forEach(message -> documentOf.apply((EventMessage<?>) message).ifPresent(documents::add));
        return documents;
    }

    /** The {@code inFlight} marks of the given documents; a document without any maps to null. */
    private Map<String, Document> read(Collection<String> documentIds) {
        Map<String, Document> marks = new HashMap<>();
        if (!documentIds.isEmpty()) {
            Query query = Query.query(Criteria.where("_id").in(documentIds));
            query.fields().include(FIELD);
            for (Document document : mongo.find(query, Document.class, mongo.getCollectionName(DeliveryStatsView.class))) {
                if (document.get(FIELD) instanceof Document inFlight && !inFlight.isEmpty()) {
                    marks.put(String.valueOf(document.get("_id")), inFlight);
                }
            }
        }
        documentIds.forEach(id -> marks.putIfAbsent(id, null));
        return marks;
    }
}
