package io.notiledger.projections.stats;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether an event has been counted in its counters document already. The first time the batch being handled
 * touches a document, the ids of the batch's events that the document lists are read (in the usual case, none:
 * the query then carries no list back); the events the batch counts itself are added as their updates are queued.
 * Checking in the application is race-free because one notification's events, and so each event, are handled by
 * one thread at a time (the sequencing policy is the notification), whichever segment handles them.
 */
final class CountedEvents {

    private static final String RESOURCE = CountedEvents.class.getName();

    private final MongoTemplate mongo;

    CountedEvents(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    boolean contains(String documentId, String eventId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return !listed(documentId, List.of(eventId)).isEmpty();
        }
        Batch batch = batch();
        if (batch.readDocuments.add(documentId)) {
            batch.counted.addAll(listed(documentId, batch.eventIds));
        }
        return batch.counted.contains(eventId);
    }

    void counted(String eventId) {
        if (CurrentUnitOfWork.isStarted()) {
            batch().counted.add(eventId);
        }
    }

    private Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(RESOURCE, key -> new Batch(eventIdsOf(root)));
    }

    private static List<String> eventIdsOf(UnitOfWork<?> batch) {
        List<?> messages = batch instanceof BatchingUnitOfWork<?> batching ? batching.getMessages()
                : batch.getMessage() == null ? List.of() : List.of(batch.getMessage());
        return messages.stream().map(message -> ((EventMessage<?>) message).getIdentifier()).toList();
    }

    /** Which of these events the document lists. */
    private Set<String> listed(String documentId, List<String> eventIds) {
        Set<String> listed = new HashSet<>();
        if (eventIds.isEmpty()) {
            return listed;
        }
        Set<String> wanted = new HashSet<>(eventIds);
        Query query = Query.query(Criteria.where("_id").is(documentId).and("appliedEvents").in(eventIds));
        query.fields().include("appliedEvents");
        for (Document document : mongo.find(query, Document.class, DeliveryStatsView.COLLECTION)) {
            if (document.get("appliedEvents") instanceof List<?> applied) {
                applied.stream().map(String::valueOf).filter(wanted::contains).forEach(listed::add);
            }
        }
        return listed;
    }

    private static final class Batch {
        private final List<String> eventIds;
        private final Set<String> readDocuments = new HashSet<>();
        private final Set<String> counted = new HashSet<>();

        private Batch(List<String> eventIds) {
            this.eventIds = eventIds;
        }
    }
}
