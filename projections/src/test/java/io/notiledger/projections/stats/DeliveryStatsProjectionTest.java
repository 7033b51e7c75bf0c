package io.notiledger.projections.stats;

import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.query.DeliveryCounts;
import io.notiledger.api.query.DeliveryStatsResponse;
import io.notiledger.api.query.FetchDeliveryStatsQuery;
import io.notiledger.api.query.StatsGranularity;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.LedgerEvents;
import io.notiledger.projections.MongoStandIn;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.notiledger.projections.LedgerEvents.T0;
import static io.notiledger.projections.LedgerEvents.TENANT;
import static io.notiledger.projections.LedgerEvents.deadLettered;
import static io.notiledger.projections.LedgerEvents.failed;
import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.message;
import static io.notiledger.projections.LedgerEvents.messages;
import static io.notiledger.projections.LedgerEvents.queued;
import static io.notiledger.projections.LedgerEvents.requested;
import static io.notiledger.projections.LedgerEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code delivery_stats} over the MongoDB stand-in, fed batches as a view processor hands them over (a batching unit
 * of work whose view writes are sent at its end): what it counts, and that it counts each event once however often
 * the event comes.
 */
class DeliveryStatsProjectionTest {

    private static final Instant DAY_START = T0.minus(Duration.ofHours(10));
    private static final Instant DAY_END = DAY_START.plus(Duration.ofDays(1));

    private MongoStandIn mongoServer;
    private MongoTemplate mongo;
    private BatchedViewWrites writes;
    private DeliveryStatsProjection projection;
    private AnnotationEventHandlerAdapter handlers;
    private DeliveryStatsQueryHandler queries;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoStandIn();
        mongo = mongoServer.template("stats-test");
        writes = new BatchedViewWrites(mongo);
        projection = new DeliveryStatsProjection(mongo, writes);
        handlers = new AnnotationEventHandlerAdapter(projection);
        queries = new DeliveryStatsQueryHandler(mongo);
    }

    @AfterEach
    void stopMongo() {
        mongoServer.close();
    }

    @Test
    void countsEachOutcomeFailureCodeAndLatency() {
        handleAsOneBatch(history());

        DeliveryCounts totals = stats(TENANT, StatsGranularity.DAY, null).totals();
        assertThat(totals.requested()).isEqualTo(3);
        assertThat(totals.sent()).isEqualTo(1);
        assertThat(totals.failedAttempts()).isEqualTo(Map.of("SMTP_451", 1L, "SMTP_550", 1L));
        assertThat(totals.deadLettered()).isEqualTo(1);
        assertThat(totals.cancelled()).isEqualTo(1);
        // "sent" was requested at T0 and sent 3 s later: the 5,000 ms bucket, the fifth bound's
        assertThat(totals.latency()).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L);
        assertThat(totals.latencySumMillis()).isEqualTo(3_000);
    }

    @Test
    void aBatchHandledAgainAndDuplicatesWithinABatchCountNothingTwice() {
        List<EventMessage<?>> history = history();
        handleAsOneBatch(history);
        DeliveryStatsResponse once = stats(TENANT, StatsGranularity.MINUTE, null);

        handleAsOneBatch(history);
        List<EventMessage<?>> twiceInOneBatch = new ArrayList<>(history);
        twiceInOneBatch.addAll(history);
        handleAsOneBatch(twiceInOneBatch);

        assertThat(stats(TENANT, StatsGranularity.MINUTE, null)).isEqualTo(once);
    }

    @Test
    void aBatchThatPartlyLandedBeforeCountsOnlyWhatWasNotCounted() {
        List<EventMessage<?>> history = history();
        handleAsOneBatch(history.subList(0, 5));
        handleAsOneBatch(history);

        DeliveryCounts totals = stats(TENANT, StatsGranularity.DAY, null).totals();
        assertThat(totals.requested()).isEqualTo(3);
        assertThat(totals.sent()).isEqualTo(1);
    }

    @Test
    void aRebuildAfterTheResetGivesTheSameFigures() {
        handleAsOneBatch(history());
        DeliveryStatsResponse before = stats(TENANT, StatsGranularity.MINUTE, null);

        projection.reset();
        assertThat(stats(TENANT, StatsGranularity.DAY, null).totals().requested()).isZero();
        handleAsOneBatch(history());

        assertThat(stats(TENANT, StatsGranularity.MINUTE, null)).isEqualTo(before);
    }

    @Test
    void eventsOutsideABatchAreCountedOnceToo() {
        for (EventMessage<?> event : history()) {
            handle(event);
            handle(event);
        }

        assertThat(stats(TENANT, StatsGranularity.DAY, null).totals().requested()).isEqualTo(3);
    }

    @Test
    void aCountersDocumentHoldsNoListThatGrowsWithItsMinuteAndIsWrittenOncePerBatch() {
        // 400 notifications requested and sent within one minute, in batches of 100 events
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "ntf-" + i;
            events.add(requestedAt(id, TENANT, Channel.EMAIL, T0.plusMillis(i)));
            events.add(message(id, 3, LedgerEvents.sent(id, 1)));
        }
        for (int from = 0; from < events.size(); from += 100) {
            handleAsOneBatch(events.subList(from, from + 100));
        }

        assertThat(stats(TENANT, StatsGranularity.DAY, null).totals().requested()).isEqualTo(200);
        assertThat(stats(TENANT, StatsGranularity.DAY, null).totals().sent()).isEqualTo(200);
        List<org.bson.Document> counters = mongo.getCollection(DeliveryStatsView.COLLECTION).find().into(new ArrayList<>());
        assertThat(counters).isNotEmpty().allSatisfy(document -> {
            assertThat(document).doesNotContainKey("appliedEvents");
            assertThat(document.get(InFlightMarks.FIELD, org.bson.Document.class)).as("marks left").isNullOrEmpty();
        });
        assertThat(mongoServer.updateStatementsTo(DeliveryStatsView.COLLECTION))
                .as("an increment and a clean-up per counters document and batch, not one per event")
                .isLessThanOrEqualTo(4 * 2 * DeliveryStatsView.SHARDS);
    }

    @Test
    void aBatchThatStoppedBetweenItsIncrementsAndItsNotificationsMarksCountsOnceWhenHandledAgain() {
        List<EventMessage<?>> history = history();
        mongoServer.refuseWritesTo(NotificationOrigin.COLLECTION);

        assertThat(tryAsOneBatch(history).isExceptional()).isTrue();
        assertThat(mongo.getCollection(DeliveryStatsView.COLLECTION).countDocuments()).as("the increments landed").isPositive();

        mongoServer.acceptAllWrites();
        handleAsOneBatch(history);

        DeliveryCounts totals = stats(TENANT, StatsGranularity.DAY, null).totals();
        assertThat(totals.requested()).isEqualTo(3);
        assertThat(totals.sent()).isEqualTo(1);
        assertThat(totals.failedAttempts()).isEqualTo(Map.of("SMTP_451", 1L, "SMTP_550", 1L));
        assertThat(mongo.getCollection(DeliveryStatsView.COLLECTION).find().into(new ArrayList<>()))
                .allSatisfy(document -> assertThat(document.get(InFlightMarks.FIELD, org.bson.Document.class)).isNullOrEmpty());
    }

    @Test
    void aMarkLeftBehindByABatchThatStoppedBeforeRemovingItChangesNoCount() {
        List<EventMessage<?>> history = history();
        handleAsOneBatch(history.subList(0, 1));
        // as if the batch had stopped after "sent"'s origin was marked, before the mark left its counters document
        String documentId = DeliveryStatsView.idOf(T0.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), Channel.EMAIL, "sent", TENANT);
        mongo.getCollection(DeliveryStatsView.COLLECTION).updateOne(new org.bson.Document("_id", documentId),
                new org.bson.Document("$set", new org.bson.Document(InFlightMarks.FIELD + ".sent", 0L)));

        handleAsOneBatch(history);

        DeliveryCounts totals = stats(TENANT, StatsGranularity.DAY, null).totals();
        assertThat(totals.requested()).isEqualTo(3);
        assertThat(totals.sent()).isEqualTo(1);
    }

    @Test
    void anotherInstanceHandlingANotificationsEventsAfterItsSegmentMovedCountsNothingTwice() {
        List<EventMessage<?>> history = history();
        handleAsOneBatch(history.subList(0, 6));
        BatchedViewWrites otherWrites = new BatchedViewWrites(mongo);
        AnnotationEventHandlerAdapter otherInstance = new AnnotationEventHandlerAdapter(new DeliveryStatsProjection(mongo, otherWrites));

        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(new ArrayList<>(history));
        ResultMessage<?> result = batch.executeWithResult(() -> {
            otherInstance.handle(batch.getMessage());
            if (batch.isLastMessage()) {
                otherWrites.flush(null);
            }
            return null;
        });

        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
        handleAsOneBatch(history);
        DeliveryCounts totals = stats(TENANT, StatsGranularity.DAY, null).totals();
        assertThat(totals.requested()).isEqualTo(3);
        assertThat(totals.sent()).isEqualTo(1);
        assertThat(totals.deadLettered()).isEqualTo(1);
        assertThat(totals.cancelled()).isEqualTo(1);
    }

    @Test
    void minutesRollUpIntoHoursAndTheAnswerIsScopedByTenantAndChannel() {
        Instant nineFifty = T0.minus(Duration.ofMinutes(10));
        handleAsOneBatch(List.of(
                requestedAt("a-1", TENANT, Channel.EMAIL, nineFifty),
                requestedAt("a-2", TENANT, Channel.EMAIL, nineFifty.plusSeconds(30)),
                requestedAt("a-3", TENANT, Channel.EMAIL, T0.plus(Duration.ofMinutes(5))),
                requestedAt("b-1", "tenant-b", Channel.EMAIL, T0)));

        DeliveryStatsResponse byHour = stats(TENANT, StatsGranularity.HOUR, null);
        assertThat(byHour.buckets()).extracting(DeliveryCounts::start, DeliveryCounts::requested)
                .containsExactly(tuple(Instant.parse("2025-03-01T09:00:00Z"), 2L),
                        tuple(Instant.parse("2025-03-01T10:00:00Z"), 1L));
        assertThat(stats(TENANT, StatsGranularity.MINUTE, null).buckets()).extracting(DeliveryCounts::requested)
                .containsExactly(2L, 1L);
        assertThat(stats("tenant-b", StatsGranularity.DAY, null).totals().requested()).isEqualTo(1);
        assertThat(stats(null, StatsGranularity.DAY, null).totals().requested()).as("an operator's: every tenant").isEqualTo(4);
        assertThat(stats(TENANT, StatsGranularity.DAY, Channel.SMS).totals().requested()).isZero();
        assertThat(stats(TENANT, StatsGranularity.DAY, Channel.EMAIL).totals().requested()).isEqualTo(3);
    }

    @Test
    void aLaterEventOfANotificationWhoseRequestWasNeverSeenFailsItsHandler() {
        assertThatThrownBy(() -> handle(message("unknown", 3, LedgerEvents.sent("unknown", 1))))
                .hasMessageContaining("no request event of notification unknown");
    }

    /** "sent" is sent, "failing" fails twice and is dead-lettered, "cancelled" is cancelled. */
    private static List<EventMessage<?>> history() {
        List<EventMessage<?>> events = new ArrayList<>(messages("sent", lifecycle("sent")));
        events.addAll(messages("failing", List.of(requested("failing"), queued("failing", 1), started("failing", 1),
                failed("failing", 1, "SMTP_451", true), queued("failing", 2), started("failing", 2),
                failed("failing", 2, "SMTP_550", false), deadLettered("failing", 2, "SMTP_550"))));
        events.addAll(messages("cancelled", List.of(requested("cancelled"),
                new NotificationCancelledEvent("cancelled", "api-client-7", "no longer needed"))));
        return events;
    }

    private static EventMessage<?> requestedAt(String id, String tenant, Channel channel, Instant at) {
        NotificationRequestedEvent template = requested(id);
        NotificationRequestedEvent event = new NotificationRequestedEvent(id, tenant, new NotificationContent(channel,
                template.content().recipient(), template.content().subject(), template.content().body(), null,
                template.content().priority(), null, Map.of()), null, template.requestFingerprint());
        return new GenericDomainEventMessage<>(LedgerEvents.AGGREGATE_TYPE, id, 0, event, Map.of(), id + "-event-0", at);
    }

    private DeliveryStatsResponse stats(String tenant, StatsGranularity granularity, Channel channel) {
        return queries.handle(new FetchDeliveryStatsQuery(tenant, DAY_START, DAY_END, granularity, channel));
    }

    private void handle(EventMessage<?> event) {
        try {
            handlers.handle(event);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void handleAsOneBatch(List<? extends EventMessage<?>> events) {
        ResultMessage<?> result = tryAsOneBatch(events);
        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
    }

    private ResultMessage<?> tryAsOneBatch(List<? extends EventMessage<?>> events) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(new ArrayList<>(events));
        return batch.executeWithResult(() -> {
            handlers.handle(batch.getMessage());
            if (batch.isLastMessage()) {
                writes.flush(null);
            }
            return null;
        });
    }
}
