package io.notiledger.projections.parking;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.notiledger.api.admin.ParkedEventResponse;
import io.notiledger.api.admin.ParkedGroupResponse;
import io.notiledger.api.admin.RetryParkedEventsResponse;
import io.notiledger.api.event.DeliveryAttemptStartedEvent;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.projections.LedgerEvents;
import io.notiledger.projections.MongoStandIn;
import io.notiledger.projections.ProjectionProperties;
import io.notiledger.projections.status.NotificationStatusProjection;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

/**
 * Listing and retrying parked events over a real MongoDB dead-letter queue, with Axon's dead-lettering invoker
 * as the processor that applies them; only the processing configuration that hands both out is a stand-in.
 */
class ParkedEventsTest {

    private static final String GROUP = NotificationStatusProjection.PROCESSING_GROUP;

    private MongoStandIn mongo;
    private ParkedEventQueue queue;
    private EventParking parking;
    private View view;
    private ParkedEvents parkedEvents;

    @BeforeEach
    void park() {
        mongo = new MongoStandIn();
        ParkedEventQueues queues = new ParkedEventQueues(mongo.template("parking").getDb(),
                JacksonSerializer.builder().objectMapper(LedgerEvents.bootLikeObjectMapper()).build(),
                new ProjectionProperties.Parking(1024, 1024), new SimpleMeterRegistry());
        queue = queues.of(GROUP);
        parking = new EventParking(queue, SequentialPerAggregatePolicy.instance());
        view = new View();
        DeadLetteringEventHandlerInvoker processor = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(view).queue(queue).enqueuePolicy(new ParkingPolicy())
                .transactionManager(NoTransactionManager.instance()).build();
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        doReturn(Optional.of(processor)).when(processing).sequencedDeadLetterProcessor(GROUP);
        doReturn(SequentialPerAggregatePolicy.instance()).when(processing).sequencingPolicy(GROUP);
        parkedEvents = new ParkedEvents(queues, processing);
    }

    @AfterEach
    void stopMongo() {
        mongo.close();
    }

    @Test
    void aRetryTriesEachParkedNotificationOnceAppliesTheFixedOnesInOrderAndLeavesTheOthersParked() {
        List<String> fixed = ids("ntf-fixed-", 12);
        List<String> broken = ids("ntf-broken-", 5);
        List<String> all = new ArrayList<>(broken);
        all.addAll(fixed);
        all.forEach(this::parkTwoEvents);
        view.broken.addAll(broken);

        RetryParkedEventsResponse retried = parkedEvents.retry(GROUP, null);

        assertThat(retried.processed()).isEqualTo(2L * fixed.size());
        assertThat(retried.stillParked()).isEqualTo(2L * broken.size());
        assertThat(view.attempts).containsOnlyKeys(all).allSatisfy((id, attempts) -> assertThat(attempts)
                .as("attempts at %s", id).isEqualTo(broken.contains(id) ? 1 : 2));
        assertThat(view.applied).containsOnlyKeys(fixed).allSatisfy((id, sequences) ->
                assertThat(sequences).containsExactly(1L, 2L));
        assertThat(listed()).extracting(ParkedEventResponse::notificationId).containsOnlyElementsOf(broken).hasSize(10);
        assertThat(listed()).filteredOn(event -> event.sequence() == 1).allSatisfy(event -> {
            assertThat(event.failures()).isEqualTo(2);
            assertThat(event.causeType()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(event.causeMessage()).isEqualTo("still broken for j***e@example.com");
        });
    }

    @Test
    void aRetryOfOneNotificationLeavesEveryOtherOneParked() {
        List<String> ids = ids("ntf-", 3);
        ids.forEach(this::parkTwoEvents);

        RetryParkedEventsResponse retried = parkedEvents.retry(GROUP, ids.get(1));

        assertThat(retried.processed()).isEqualTo(2);
        assertThat(retried.stillParked()).isEqualTo(4);
        assertThat(view.applied).containsOnlyKeys(ids.get(1));
        assertThat(listed()).extracting(ParkedEventResponse::notificationId)
                .containsExactly(ids.get(0), ids.get(0), ids.get(2), ids.get(2));
    }

    @Test
    void anEventParkedTwiceOutsideABatchIsStoredOnceAndItsCauseMasked() {
        parking.park(LedgerEvents.message("ntf-1", 1, LedgerEvents.queued("ntf-1", 1)),
                new IllegalStateException("cannot deliver to jane.doe@example.com"));
        parking.park(LedgerEvents.message("ntf-1", 1, LedgerEvents.queued("ntf-1", 1)), null);

        assertThat(listed()).singleElement().satisfies(event -> {
            assertThat(event.causeType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(event.causeMessage()).isEqualTo("cannot deliver to j***e@example.com");
        });
    }

    private void parkTwoEvents(String id) {
        parking.park(LedgerEvents.message(id, 1, LedgerEvents.queued(id, 1)), new IllegalArgumentException("first failure"));
        parking.park(LedgerEvents.message(id, 2, LedgerEvents.started(id, 1)), null);
    }

    private List<ParkedEventResponse> listed() {
        return parkedEvents.list().groups().stream().filter(group -> group.group().equals(GROUP))
                .map(ParkedGroupResponse::events).findFirst().orElseThrow();
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    /** A view that fails for the notifications still broken and records what it applied, in order. */
    static final class View {

        final Set<String> broken = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> attempts = new ConcurrentHashMap<>();
        final Map<String, List<Long>> applied = new ConcurrentHashMap<>();

        @EventHandler
        void on(NotificationQueuedEvent event, @SequenceNumber long sequence) {
            apply(event.notificationId(), sequence);
        }

        @EventHandler
        void on(DeliveryAttemptStartedEvent event, @SequenceNumber long sequence) {
            apply(event.notificationId(), sequence);
        }

        private void apply(String id, long sequence) {
            attempts.merge(id, 1, Integer::sum);
            if (broken.contains(id)) {
                throw new IllegalArgumentException("still broken for jane.doe@example.com");
            }
            applied.computeIfAbsent(id, key -> new ArrayList<>()).add(sequence);
        }
    }
}
