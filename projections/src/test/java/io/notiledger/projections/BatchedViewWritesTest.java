package io.notiledger.projections;

import io.notiledger.projections.audit.AuditEntryView;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import io.notiledger.projections.status.NotificationStatusView;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.messaging.deadletter.Cause;
import io.notiledger.projections.parking.EventParking;
import io.notiledger.projections.parking.ParkedEventQueue;
import io.notiledger.projections.parking.ParkedEventQueues;
import io.notiledger.projections.parking.ParkingPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.notification.NotificationContent;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Both views handling batches the way a processor hands them over: the events of one
 * {@link BatchingUnitOfWork}, dispatched by Axon's annotation adapter, with {@link FlushViewWritesAtBatchEnd}
 * around each. The result must equal handling the same events one by one, and nothing may reach MongoDB
 * before the batch's last event.
 */
class BatchedViewWritesTest {

    private static final String A = "ntf-a";
    private static final String B = "ntf-b";

    private MongoStandIn mongoServer;
    private MongoTemplate batched;
    private MongoTemplate oneByOne;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoStandIn();
        batched = mongoServer.template("batched");
        oneByOne = mongoServer.template("one-by-one");
    }

    @AfterEach
    void stopMongo() {
        mongoServer.close();
    }

    @Test
    void interleavedNotificationsInOneBatchBuildTheSameViewsAsEventByEvent() {
        List<DomainEventMessage<Object>> events = interleave(messages(A, lifecycle(A)), messages(B, lifecycle(B)));
        Views views = new Views(batched);
        List<Integer> documentsSeenBeforeTheLastEvent = new ArrayList<>();

        ResultMessage<?> result = handleAsOneBatch(events, views, () -> documentsSeenBeforeTheLastEvent.add(
                countDocuments(batched, NotificationStatusView.COLLECTION) + countDocuments(batched, AuditEntryView.COLLECTION)));

        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
        assertThat(documentsSeenBeforeTheLastEvent).hasSize(events.size() - 1).containsOnly(0);
        Views reference = new Views(oneByOne);
        events.forEach(reference::handle);
        assertThat(statusDocuments(batched)).hasSize(2).map(BatchedViewWritesTest::withoutProjectionTime)
                .isEqualTo(statusDocuments(oneByOne).stream().map(BatchedViewWritesTest::withoutProjectionTime).toList());
        assertThat(auditDocuments(batched)).isEqualTo(auditDocuments(oneByOne)).hasSize(8);
    }

    @Test
    void eachNotificationsStatusChangesInOneBatchAreOneWriteOfItsDocument() {
        List<DomainEventMessage<Object>> events = interleave(messages(A, lifecycle(A)), messages(B, lifecycle(B)));
        Views views = new Views(batched);

        ResultMessage<?> result = handleAsOneBatch(events, views, () -> { });

        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
        assertThat(mongoServer.updateStatementsTo(NotificationStatusView.COLLECTION)).as("one per notification").isEqualTo(2);
        assertThat(mongoServer.updateStatementsTo(AuditEntryView.COLLECTION)).as("one per event").isEqualTo(8);
        assertThat(statusDocuments(batched)).extracting(status -> status.getString("status"), status -> status.getLong("lastAppliedSequence"))
                .containsExactly(tuple("SENT", 3L), tuple("SENT", 3L));
        assertThat(statusDocuments(batched).get(0).get("transitions", Document.class).keySet())
                .containsExactlyInAnyOrder("REQUESTED", "QUEUED", "SENDING", "SENT");
    }

    @Test
    void aNotificationSpreadOverBatchesWithDuplicatesInsideAndAcrossBatchesEndsAsIfEachEventCameOnce() {
        List<DomainEventMessage<Object>> events = messages(A, lifecycle(A));
        Views views = new Views(batched);
        handleAsOneBatch(events.subList(0, 2), views, () -> { });
        // the second batch repeats the first one's events and holds its own twice
        handleAsOneBatch(Stream.of(events, events.subList(2, 4)).flatMap(List::stream).toList(), views, () -> { });
        Document afterBoth = statusDocuments(batched).get(0);
        List<Document> auditAfterBoth = auditDocuments(batched);

        handleAsOneBatch(events, views, () -> { });

        Views reference = new Views(oneByOne);
        events.forEach(reference::handle);
        assertThat(withoutProjectionTime(afterBoth)).isEqualTo(withoutProjectionTime(statusDocuments(oneByOne).get(0)));
        assertThat(afterBoth.getString("status")).isEqualTo("SENT");
        assertThat(statusDocuments(batched)).containsExactly(afterBoth);
        assertThat(auditDocuments(batched)).isEqualTo(auditAfterBoth).isEqualTo(auditDocuments(oneByOne));
    }

    @Test
    void aBatchWhoseWritesMongoRefusesFailsAndHandledAgainLaterCompletesTheView() {
        List<DomainEventMessage<Object>> events = messages(A, lifecycle(A));
        Views views = new Views(batched);
        mongoServer.refuseWritesTo(NotificationStatusView.COLLECTION);

        ResultMessage<?> refused = handleAsOneBatch(events, views, () -> { });

        assertThat(refused.isExceptional()).isTrue();
        assertThat(mongoServer.refusedWrites()).isPositive();
        assertThat(statusDocuments(batched)).isEmpty();
        assertThat(views.parkedEvents()).as("a server refusing every write is no event's fault").isEmpty();

        mongoServer.acceptAllWrites();
        ResultMessage<?> retried = handleAsOneBatch(events, views, () -> { });

        assertThat(retried.isExceptional()).as("retry failed: %s", retried).isFalse();
        assertThat(statusDocuments(batched)).singleElement()
                .satisfies(status -> assertThat(status.getString("status")).isEqualTo("SENT"));
        assertThat(auditDocuments(batched)).hasSize(4);
    }

    @Test
    void aWriteRefusedForItsDocumentParksItsEventAndTheNotificationsLaterOnesWhileTheRestLands() {
        // both notifications carry the same correlation id: the second one's status document breaks the index
        batched.getCollection(NotificationStatusView.COLLECTION)
                .createIndex(new Document("correlationId", 1), new IndexOptions().unique(true));
        List<DomainEventMessage<Object>> events = interleave(messages(A, lifecycle(A)), messages(B, lifecycle(B)));
        Views views = new Views(batched);

        ResultMessage<?> result = handleAsOneBatch(events, views, () -> { });

        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
        assertThat(statusDocuments(batched)).singleElement().satisfies(status -> {
            assertThat(status.getString("_id")).isEqualTo(A);
            assertThat(status.getString("status")).isEqualTo("SENT");
        });
        assertThat(auditDocuments(batched)).extracting(entry -> entry.getString("notificationId")).containsOnly(A).hasSize(4);
        assertThat(views.parkedEvents()).containsExactly(
                B + ":0:" + MongoWriteException.class.getName(), B + ":1:-", B + ":2:-", B + ":3:-");

        // a later batch of the parked notification waits behind it, the other one's events still land
        handleAsOneBatch(List.of(LedgerEvents.message(B, 4, LedgerEvents.queued(B, 2)),
                LedgerEvents.message(A, 4, LedgerEvents.queued(A, 2))), views, () -> { });
        assertThat(views.parkedEvents()).hasSize(5).last().isEqualTo(B + ":4:-");
        assertThat(statusDocuments(batched)).singleElement()
                .satisfies(status -> assertThat(status.getString("status")).isEqualTo("QUEUED"));
    }

    @Test
    void aValueTheViewCannotStoreFailsTheHandlerOfItsOwnEventAndNothingElse() {
        String poisoned = "ntf-poisoned";
        Instant outOfRange = Instant.parse("-999999999-01-01T00:00:00Z");
        NotificationRequestedEvent requested = LedgerEvents.requested(poisoned);
        NotificationRequestedEvent poison = withSendAt(requested, outOfRange, "corr-poisoned");
        List<DomainEventMessage<Object>> events = interleave(messages(A, lifecycle(A)),
                messages(poisoned, List.of(poison, LedgerEvents.queued(poisoned, 1), LedgerEvents.started(poisoned, 1),
                        LedgerEvents.sent(poisoned, 1))));
        Views views = new Views(batched);

        ResultMessage<?> result = handleAsOneBatch(events, views, () -> { });

        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
        assertThat(views.parkedEvents()).hasSize(4).first().asString().startsWith(poisoned + ":0:")
                .doesNotEndWith(":-");
        assertThat(statusDocuments(batched)).singleElement()
                .satisfies(status -> assertThat(status.getString("status")).isEqualTo("SENT"));
        assertThat(auditDocuments(batched)).extracting(entry -> entry.getString("notificationId")).containsOnly(A);
    }

    @Test
    void aWriteErrorOfTheServerFailsTheBatchAndParksNothingWhateverItsCode() {
        List<DomainEventMessage<Object>> events = interleave(messages(A, lifecycle(A)), messages(B, lifecycle(B)));
        Views views = new Views(batched);
        // MongoDB out of disk space answers each write with a write error, not a failed command
        mongoServer.failUpdatesTo(NotificationStatusView.COLLECTION, 14031);

        ResultMessage<?> refused = handleAsOneBatch(events, views, () -> { });

        assertThat(refused.isExceptional()).isTrue();
        assertThat(mongoServer.refusedWrites()).isPositive();
        assertThat(views.parkedEvents()).as("a full disk is no event's fault").isEmpty();

        mongoServer.acceptAllWrites();
        ResultMessage<?> retried = handleAsOneBatch(events, views, () -> { });

        assertThat(retried.isExceptional()).as("retry failed: %s", retried).isFalse();
        assertThat(statusDocuments(batched)).extracting(status -> status.getString("status")).containsExactly("SENT", "SENT");
        assertThat(views.parkedEvents()).isEmpty();
    }

    @Test
    void eventsParkedInAFailedBatchAreParkedOnceWhenTheBatchIsHandledAgain() {
        List<DomainEventMessage<Object>> events = interleave(messages(A, lifecycle(A)), poisonedLifecycle(B));
        Views views = new Views(batched);
        mongoServer.refuseWritesTo(NotificationStatusView.COLLECTION);

        ResultMessage<?> failed = handleAsOneBatch(events, views, () -> { });

        assertThat(failed.isExceptional()).isTrue();
        assertThat(views.parkedEvents()).as("a failed batch parks nothing").isEmpty();

        mongoServer.acceptAllWrites();
        assertThat(handleAsOneBatch(events, views, () -> { }).isExceptional()).isFalse();
        // handled a third time, as after a crash between storing the parked events and the token
        assertThat(handleAsOneBatch(events, views, () -> { }).isExceptional()).isFalse();

        assertThat(views.parkedEvents()).hasSize(4).allMatch(parked -> parked.startsWith(B + ":"))
                .extracting(parked -> parked.split(":")[1]).containsExactly("0", "1", "2", "3");
        assertThat(statusDocuments(batched)).singleElement()
                .satisfies(status -> assertThat(status.getString("status")).isEqualTo("SENT"));
    }

    @Test
    void aRefusedWriteParksItsEventAheadOfTheNotificationsLaterEventsTheirHandlersParked() {
        batched.getCollection(NotificationStatusView.COLLECTION)
                .createIndex(new Document("correlationId", 1), new IndexOptions().unique(true));
        // B's status document breaks the index (its write is refused at the batch's end), and B's retry
        // schedule holds an instant no BSON date can hold (its handler fails, before the refusal is known)
        List<DomainEventMessage<Object>> events = interleave(messages(A, lifecycle(A)), messages(B, List.of(
                LedgerEvents.requested(B), LedgerEvents.retryScheduled(B, 2, Instant.parse("-999999999-01-01T00:00:00Z")),
                LedgerEvents.queued(B, 2), LedgerEvents.started(B, 2))));
        Views views = new Views(batched);

        ResultMessage<?> result = handleAsOneBatch(events, views, () -> { });

        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
        List<String> parked = views.parkedEvents();
        assertThat(parked).hasSize(4);
        assertThat(parked.get(0)).isEqualTo(B + ":0:" + MongoWriteException.class.getName());
        assertThat(parked.get(1)).startsWith(B + ":1:").doesNotEndWith(":-");
        assertThat(parked.subList(2, 4)).containsExactly(B + ":2:-", B + ":3:-");
    }

    @Test
    void aStatusDocumentWithoutAReadableSequenceParksOnlyItsOwnNotificationsEvents() {
        batched.getCollection(NotificationStatusView.COLLECTION)
                .insertOne(new Document("_id", B).append("status", "QUEUED").append("lastAppliedSequence", "three"));
        List<DomainEventMessage<Object>> events = new ArrayList<>(messages(A, lifecycle(A)));
        events.addAll(messages(B, lifecycle(B)).subList(1, 4));
        Views views = new Views(batched);

        ResultMessage<?> result = handleAsOneBatch(events, views, () -> { });

        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
        assertThat(views.parkedEvents()).containsExactly(B + ":1:" + IllegalStateException.class.getName(),
                B + ":2:-", B + ":3:-");
        assertThat(statusDocuments(batched)).filteredOn(status -> A.equals(status.getString("_id"))).singleElement()
                .satisfies(status -> assertThat(status.getString("status")).isEqualTo("SENT"));
    }

    private static NotificationRequestedEvent withSendAt(NotificationRequestedEvent requested, Instant sendAt,
                                                         String correlationId) {
        NotificationContent content = requested.content();
        return new NotificationRequestedEvent(requested.notificationId(), requested.tenantId(),
                new NotificationContent(content.channel(), content.recipient(), content.subject(), content.body(), sendAt,
                        content.priority(), correlationId, content.metadata()),
                requested.idempotencyKey(), requested.requestFingerprint());
    }

    private static List<DomainEventMessage<Object>> poisonedLifecycle(String id) {
        NotificationRequestedEvent requested = LedgerEvents.requested(id);
        NotificationRequestedEvent poison = withSendAt(requested, Instant.parse("-999999999-01-01T00:00:00Z"), "corr-" + id);
        return messages(id, List.of(poison, LedgerEvents.queued(id, 1), LedgerEvents.started(id, 1), LedgerEvents.sent(id, 1)));
    }

    /** Handles the events as one processor batch; {@code afterEachButTheLast} runs after every event but the last. */
    private static ResultMessage<?> handleAsOneBatch(List<? extends EventMessage<?>> events, Views views,
                                                     Runnable afterEachButTheLast) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(new ArrayList<>(events));
        FlushViewWritesAtBatchEnd flush = new FlushViewWritesAtBatchEnd(views.writes, views.parking);
        return batch.executeWithResult(() -> flush.handle(batch, () -> {
            views.handleOrPark(batch.getMessage());
            if (!batch.isLastMessage()) {
                afterEachButTheLast.run();
            }
            return null;
        }));
    }

    private static List<DomainEventMessage<Object>> interleave(List<DomainEventMessage<Object>> first,
                                                               List<DomainEventMessage<Object>> second) {
        List<DomainEventMessage<Object>> interleaved = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            interleaved.add(first.get(i));
            interleaved.add(second.get(i));
        }
        return interleaved;
    }

    private static int countDocuments(MongoTemplate mongo, String collection) {
        return (int) mongo.getCollection(collection).countDocuments();
    }

    private static List<Document> statusDocuments(MongoTemplate mongo) {
        return mongo.getCollection(NotificationStatusView.COLLECTION).find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private static List<Document> auditDocuments(MongoTemplate mongo) {
        return mongo.getCollection(AuditEntryView.COLLECTION).find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private static Document withoutProjectionTime(Document document) {
        Document copy = new Document(document);
        copy.remove("projectedAt");
        return copy;
    }

    /**
     * Both projections over one database, behind Axon's dead-lettering invoker with the views' parking policy and
     * the views' MongoDB dead-letter queue sequenced per notification, as a view processor has them.
     */
    private static final class Views {

        private final BatchedViewWrites writes;
        private final AnnotationEventHandlerAdapter status;
        private final AnnotationEventHandlerAdapter audit;
        private final ParkedEventQueue parked;
        private final EventParking parking;
        private final DeadLetteringEventHandlerInvoker invoker;

        Views(MongoTemplate mongo) {
            writes = new BatchedViewWrites(mongo);
            NotificationStatusProjection statusProjection = new NotificationStatusProjection(mongo, writes, new RecipientHash(new ViewProperties(null)));
            NotificationAuditProjection auditProjection = new NotificationAuditProjection(mongo, writes);
            status = new AnnotationEventHandlerAdapter(statusProjection);
            audit = new AnnotationEventHandlerAdapter(auditProjection);
            parked = new ParkedEventQueues(mongo.getDb(),
                    JacksonSerializer.builder().objectMapper(LedgerEvents.bootLikeObjectMapper()).build(),
                    new ProjectionProperties.Parking(1024, 1024), new SimpleMeterRegistry()).of("views");
            parking = new EventParking(parked, SequentialPerAggregatePolicy.instance());
            invoker = DeadLetteringEventHandlerInvoker.builder()
                    .eventHandlers(statusProjection, auditProjection)
                    .queue(parked)
                    .enqueuePolicy(new ParkingPolicy())
                    .transactionManager(NoTransactionManager.instance())
                    .build();
        }

        /** What the processor does with each event of a batch: handle it, or park it if it or its notification fails. */
        void handleOrPark(EventMessage<?> event) throws Exception {
            invoker.handle(event, Segment.ROOT_SEGMENT);
        }

        /** The events parked, in order, as (notification id, sequence, cause type or "-"). */
        List<String> parkedEvents() {
            List<String> events = new ArrayList<>();
            parked.deadLetters().forEach(sequence -> sequence.forEach(letter -> events.add(
                    ((DomainEventMessage<?>) letter.message()).getAggregateIdentifier() + ":"
                            + ((DomainEventMessage<?>) letter.message()).getSequenceNumber() + ":"
                            + letter.cause().map(Cause::type).orElse("-"))));
            return events;
        }

        /** Handles the event on its own, outside any batch: its writes go to MongoDB at once. */
        void handle(EventMessage<?> event) {
            try {
                status.handle(event);
                audit.handle(event);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
