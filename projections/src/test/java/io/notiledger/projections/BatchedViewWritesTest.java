package io.notiledger.projections;

import io.notiledger.projections.audit.AuditEntryView;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import io.notiledger.projections.status.NotificationStatusView;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
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

        mongoServer.acceptAllWrites();
        ResultMessage<?> retried = handleAsOneBatch(events, views, () -> { });

        assertThat(retried.isExceptional()).as("retry failed: %s", retried).isFalse();
        assertThat(statusDocuments(batched)).singleElement()
                .satisfies(status -> assertThat(status.getString("status")).isEqualTo("SENT"));
        assertThat(auditDocuments(batched)).hasSize(4);
    }

    /** Handles the events as one processor batch; {@code afterEachButTheLast} runs after every event but the last. */
    private static ResultMessage<?> handleAsOneBatch(List<? extends EventMessage<?>> events, Views views,
                                                     Runnable afterEachButTheLast) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(new ArrayList<>(events));
        FlushViewWritesAtBatchEnd flush = new FlushViewWritesAtBatchEnd(views.writes);
        return batch.executeWithResult(() -> flush.handle(batch, () -> {
            views.handle(batch.getMessage());
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

    /** Both projections over one database, dispatched to by Axon's annotation adapter. */
    private static final class Views {

        private final BatchedViewWrites writes;
        private final AnnotationEventHandlerAdapter status;
        private final AnnotationEventHandlerAdapter audit;

        Views(MongoTemplate mongo) {
            writes = new BatchedViewWrites(mongo);
            status = new AnnotationEventHandlerAdapter(new NotificationStatusProjection(mongo, writes));
            audit = new AnnotationEventHandlerAdapter(new NotificationAuditProjection(mongo, writes,
                    LedgerEvents.bootLikeObjectMapper()));
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
