package io.notiledger.projections.status;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code lastAppliedSequence} of each status document the batch being handled touches. It is read
 * for all of the batch's notifications in one query when the batch first needs it, then kept current as
 * the batch queues its updates, which reach MongoDB only at the end of the batch. Outside a unit of work
 * each lookup reads the one document.
 */
final class AppliedSequences {

    private static final String RESOURCE = AppliedSequences.class.getName();
    /** The notification has no status document (yet). */
    private static final long NO_DOCUMENT = -1;
    /** The notification's document holds no number in {@code lastAppliedSequence} (edited by hand, say). */
    private static final long UNREADABLE = Long.MIN_VALUE;

    private final MongoTemplate mongo;

    AppliedSequences(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Whether an event with this sequence number is newer than what the notification's document holds. A
     * document without a readable sequence fails its own notification's events only, so that they are parked
     * while everybody else's are applied.
     */
    boolean isNewer(String notificationId, long sequence) {
        long applied = applied(notificationId);
        if (applied == UNREADABLE) {
            throw new IllegalStateException("The status document of notification " + notificationId
                    + " holds no number in lastAppliedSequence");
        }
        return applied != NO_DOCUMENT && applied < sequence;
    }

    /** Records that the batch created the notification's document with this sequence number, if it had none. */
    void inserted(String notificationId, long sequence) {
        if (CurrentUnitOfWork.isStarted() && applied(notificationId) == NO_DOCUMENT) {
            batchSequences().put(notificationId, sequence);
        }
    }

    /** Records that the batch applied the event with this sequence number to the notification's document. */
    void applied(String notificationId, long sequence) {
        if (CurrentUnitOfWork.isStarted()) {
            batchSequences().put(notificationId, sequence);
        }
    }

    private long applied(String notificationId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return read(List.of(notificationId)).get(notificationId);
        }
        Map<String, Long> known = batchSequences();
        Long applied = known.get(notificationId);
        if (applied == null) {
            applied = read(List.of(notificationId)).get(notificationId);
            known.put(notificationId, applied);
        }
        return applied;
    }

    private Map<String, Long> batchSequences() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(RESOURCE, key -> read(notificationsOf(batch)));
    }

    private static List<String> notificationsOf(UnitOfWork<?> batch) {
        // a parked event being retried runs in a unit of work nested in one without a message
        List<?> messages = batch instanceof BatchingUnitOfWork<?> batching ? batching.getMessages()
                : batch.getMessage() == null ? List.of() : List.of(batch.getMessage());
        return messages.stream()
                .filter(DomainEventMessage.class::isInstance)
                .map(message -> ((DomainEventMessage<?>) message).getAggregateIdentifier())
                .distinct()
                .toList();
    }

    /** Every given notification mapped to its document's sequence number, {@link #NO_DOCUMENT} or {@link #UNREADABLE}. */
    private Map<String, Long> read(Collection<String> notificationIds) {
        Map<String, Long> sequences = new HashMap<>();
        if (notificationIds.isEmpty()) {
            return sequences;
        }
        Query query = Query.query(Criteria.where("_id").in(notificationIds));
        query.fields().include("lastAppliedSequence");
        for (Document document : mongo.find(query, Document.class, mongo.getCollectionName(NotificationStatusView.class))) {
            sequences.put(String.valueOf(document.get("_id")), document.get("lastAppliedSequence") instanceof Number applied
                    ? applied.longValue() : UNREADABLE);
        }
        notificationIds.forEach(id -> sequences.putIfAbsent(id, NO_DOCUMENT));
        return sequences;
    }
}
