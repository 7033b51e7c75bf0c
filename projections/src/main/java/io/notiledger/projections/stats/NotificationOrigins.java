package io.notiledger.projections.stats;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link NotificationOrigin} of each notification the batch being handled concerns: read for all of the
 * batch's notifications in one query when the batch first needs one, and completed by the request events the
 * batch itself holds (their writes reach MongoDB only at the end of the batch). Outside a unit of work each
 * lookup reads the one document.
 */
final class NotificationOrigins {

    private static final String RESOURCE = NotificationOrigins.class.getName();

    private final MongoTemplate mongo;

    NotificationOrigins(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<NotificationOrigin> of(String notificationId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.ofNullable(mongo.findById(notificationId, NotificationOrigin.class));
        }
        Map<String, NotificationOrigin> known = batchOrigins();
        if (!known.containsKey(notificationId)) {
            known.putAll(read(List.of(notificationId)));
        }
        return Optional.ofNullable(known.get(notificationId));
    }

    /** Records an origin the batch is writing, so that the batch's later events find it. */
    void added(NotificationOrigin origin) {
        if (CurrentUnitOfWork.isStarted()) {
            batchOrigins().putIfAbsent(origin.id(), origin);
        }
    }

    /** Records that the batch counted the notification's events up to this sequence number. */
    void counted(String notificationId, long sequence) {
        if (CurrentUnitOfWork.isStarted()) {
            batchOrigins().computeIfPresent(notificationId, (id, origin) -> new NotificationOrigin(origin.id(),
                    origin.tenantId(), origin.channel(), origin.requestedAt(), sequence));
        }
    }

    private Map<String, NotificationOrigin> batchOrigins() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(RESOURCE, key -> new HashMap<>(read(notificationsOf(batch))));
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

    /** The known origins of the given notifications; a notification without one is absent (null when asked). */
    private Map<String, NotificationOrigin> read(Collection<String> notificationIds) {
        Map<String, NotificationOrigin> origins = new HashMap<>();
        if (!notificationIds.isEmpty()) {
            mongo.find(Query.query(Criteria.where("_id").in(notificationIds)), NotificationOrigin.class)
                    .forEach(origin -> origins.put(origin.id(), origin));
        }
        notificationIds.forEach(id -> origins.putIfAbsent(id, null));
        return origins;
    }
}
