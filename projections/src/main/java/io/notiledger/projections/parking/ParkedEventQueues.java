package io.notiledger.projections.parking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.notiledger.projections.ProjectionProperties;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The views' parked events: one sequenced dead-letter queue per processing group, all in the MongoDB
 * collection {@value #COLLECTION} next to the views (MongoDB takes part in no transaction, so none is used).
 * The groups are sequenced per notification (Axon's per-aggregate policy), so a sequence identifier is a
 * notification id. Publishes the gauge {@value #PARKED_GAUGE} (events parked now) and the counter {@value #PARKED_COUNTER}
 * (events parked so far), tagged with the group.
 */
public final class ParkedEventQueues {

    public static final String COLLECTION = "parked_events";
    public static final String PARKED_GAUGE = "ledger.projections.parked.events";
    public static final String PARKED_COUNTER = "ledger.projections.events.parked";

    private final com.mongodb.client.MongoDatabase database;
    private final Serializer serializer;
    private final ProjectionProperties.Parking bounds;
    private final MeterRegistry meters;
    private final Map<String, ParkedEventQueue> queues = new ConcurrentHashMap<>();

    public ParkedEventQueues(com.mongodb.client.MongoDatabase database, Serializer serializer,
                             ProjectionProperties.Parking bounds, MeterRegistry meters) {
        this.database = database;
        this.serializer = serializer;
        this.bounds = bounds;
        this.meters = meters == null ? Metrics.globalRegistry : meters;
    }

    /** The group's queue, created (with its indexes and meters) on first use. */
    public ParkedEventQueue of(String group) {
        return queues.computeIfAbsent(group, this::create);
    }

    private ParkedEventQueue create(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> stored = MongoSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(database)
                        .deadLetterCollectionName(COLLECTION)
                        .build())
                .serializer(serializer)
                .maxSequences(bounds.maxNotifications())
                .maxSequenceSize(bounds.maxEventsPerNotification())
                .transactionManager(NoTransactionManager.instance())
                .build();
        Counter parked = Counter.builder(PARKED_COUNTER).tag("group", group)
                .description("Events a view could not apply and parked").register(meters);
        Gauge.builder(PARKED_GAUGE, stored, SequencedDeadLetterQueue::size).tag("group", group)
                .description("Events parked now, waiting for a retry").register(meters);
        return new ParkedEventQueue(group, stored, parked, database.getCollection(COLLECTION));
    }
}
