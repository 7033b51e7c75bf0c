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
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import io.notiledger.projections.parking.EventParking;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import io.notiledger.api.event.NotificationRequestedEvent;
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
        NotificationRequestedEvent poison = new NotificationRequestedEvent(poisoned, requested.tenantId(), requested.channel(),
                requested.recipient(), requested.subject(), requested.body(), outOfRange, requested.priority(),
                "corr-poisoned", requested.metadata(), requested.idempotencyKey(), requested.requestFingerprint());
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
     * Both projections over one database, dispatched to by Axon's annotation adapter, parking what they cannot
     * apply in an in-memory dead-letter queue sequenced per notification, as a view processor does.
     */
    private static final class Views {

        private final BatchedViewWrites writes;
        private final AnnotationEventHandlerAdapter status;
        private final AnnotationEventHandlerAdapter audit;
        private final InMemorySequencedDeadLetterQueue<EventMessage<?>> parked = InMemorySequencedDeadLetterQueue.defaultQueue();
        private final EventParking parking = new EventParking(parked, SequentialPerAggregatePolicy.instance());

        Views(MongoTemplate mongo) {
            writes = new BatchedViewWrites(mongo);
            status = new AnnotationEventHandlerAdapter(new NotificationStatusProjection(mongo, writes));
            audit = new AnnotationEventHandlerAdapter(new NotificationAuditProjection(mongo, writes,
                    LedgerEvents.bootLikeObjectMapper()));
        }

        /** What the processor's dead-letter handling does: an event of a parked notification, or one that fails, is parked. */
        void handleOrPark(EventMessage<?> event) {
            if (parked.contains(parking.sequenceOf(event))) {
                parking.park(event, null);
                return;
            }
            try {
                handle(event);
            } catch (IllegalStateException e) {
                parking.park(event, e.getCause());
            }
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
