package io.notiledger.projections.rebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.notiledger.api.admin.ViewGenerationResponse;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.query.AuditEntryResponse;
import io.notiledger.api.query.FetchNotificationAuditQuery;
import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationAuditResponse;
import io.notiledger.api.query.NotificationSearchResponse;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.api.query.SearchNotificationsQuery;
import io.notiledger.projections.LedgerEvents;
import io.notiledger.projections.MongoStandIn;
import io.notiledger.projections.ProjectionsTestApplication;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A blue/green rebuild of every view, fed from a real Kafka topic, while a client keeps reading statuses, searches
 * and audit trails and new notifications keep arriving until the switch: no answer fails or is wrong, the rebuilt views answer the same for
 * every notification, and a status document corrupted before the rebuild is right after it.
 */
@ExtendWith(ViewRebuildUnderQueryLoadTest.StopMongoAfterTheApplication.class)
@SpringBootTest(classes = ProjectionsTestApplication.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.serializer.general=jackson",
        "axon.serializer.events=jackson",
        "axon.serializer.messages=jackson",
        "axon.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "axon.kafka.client-id=rebuild-test",
        "axon.kafka.default-topic=" + ViewRebuildUnderQueryLoadTest.TOPIC,
        "axon.kafka.publisher.enabled=false",
        "axon.kafka.consumer.event-processor-mode=tracking",
        "axon.kafka.consumer.auto-offset-reset=earliest",
        "axon.kafka.fetcher.poll-timeout=200",
        "spring.autoconfigure.exclude=org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration",
})
@EmbeddedKafka(kraft = true, partitions = 3, topics = ViewRebuildUnderQueryLoadTest.TOPIC)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ViewRebuildUnderQueryLoadTest {

    static final String TOPIC = "notifications.events.v1";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** At most this many notifications arrive during the rebuild: a rebuild catches up with a topic that grows slower than it reads. */
    private static final int ARRIVING = 100;
    private static final MongoStandIn MONGO = new MongoStandIn();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> MONGO.uri() + "/test");
    }

    @Autowired
    private EmbeddedKafkaBroker kafka;
    @Autowired
    private QueryGateway queries;
    @Autowired
    private MongoTemplate mongo;
    @Autowired
    private ViewRebuilds rebuilds;

    static final class StopMongoAfterTheApplication implements AfterAllCallback {

        @Override
        public void afterAll(ExtensionContext extension) {
            MONGO.close();
        }
    }

    @Test
    void rebuildUnderQueryLoadAnswersRightThroughoutAndRepairsACorruptedDocument() throws Exception {
        List<String> settled = ids("ntf-settled-", 200);
        List<String> arriving = new CopyOnWriteArrayList<>();
        String corrupted = settled.get(7);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, settled);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(mongo.getCollection("notification_status").countDocuments(Filters.and(
                        Filters.in("_id", settled), Filters.eq("lastAppliedSequence", 3L)))).isEqualTo(settled.size());
                assertThat(mongo.getCollection("notification_audit").countDocuments()).isEqualTo(settled.size() * 4L);
            });
            // a projection bug: the document says dead-lettered; history says sent
            mongo.getCollection("notification_status").updateOne(Filters.eq("_id", corrupted),
                    Updates.set("status", NotificationStatus.DEAD_LETTERED.name()));
            assertThat(status(corrupted).orElseThrow().status()).isEqualTo(NotificationStatus.DEAD_LETTERED);

            QueryLoad load = new QueryLoad(settled, corrupted);
            Thread reader = new Thread(load, "query-load");
            reader.start();
            AtomicBoolean switched = new AtomicBoolean();
            // new notifications keep arriving until the switch: the live processors and the rebuild both see them
            Thread arrivals = new Thread(() -> {
                for (int i = 0; i < ARRIVING && !switched.get(); i++) {
                    String id = "ntf-arriving-" + i;
                    try {
                        send(producer, List.of(id));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    arriving.add(id);
                }
            }, "arrivals");
            try {
                rebuilds.start("all", "op-key-1");
                arrivals.start();
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(rebuilds.status().views()).allSatisfy(view -> {
                    assertThat(view.liveGeneration()).isEqualTo(1);
                    assertThat(view.buildingGeneration()).isNull();
                    assertThat(view.lastError()).isNull();
                }));
            } finally {
                switched.set(true);
                arrivals.join();
                load.stop.set(true);
                reader.join();
            }
            assertThat(arriving).hasSizeGreaterThan(10);
            assertThat(load.wrong).isEmpty();
            assertThat(load.answers.get()).isGreaterThan(20);
        }

        List<String> all = new ArrayList<>(settled);
        all.addAll(arriving);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(all).allSatisfy(id -> {
            NotificationStatusResponse status = status(id).orElseThrow();
            assertThat(status.status()).isEqualTo(NotificationStatus.SENT);
            assertThat(status.attempts()).isEqualTo(1);
            assertThat(audit(id)).extracting(AuditEntryResponse::sequence).containsExactly(0L, 1L, 2L, 3L);
        }));
        assertThat(mongo.getCollection("notification_status_1").countDocuments(Filters.and(
                Filters.in("_id", all), Filters.eq("lastAppliedSequence", 3L)))).isEqualTo(all.size());
        assertThat(mongo.getCollection("notification_audit_1").countDocuments()).isEqualTo(all.size() * 4L);
        assertThat(mongo.getCollection("delivery_stats_origins_1").countDocuments(Filters.eq("countedSequence", 3L)))
                .isEqualTo(all.size());
        // the old generation goes once every instance reads the new one
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(mongo.getCollectionNames())
                .doesNotContain("notification_status", "notification_audit", "delivery_stats", "delivery_stats_origins"));
        ViewGenerationResponse status = rebuilds.status().views().get(0);
        assertThat(status.operator()).isEqualTo("op-key-1");
        assertThat(status.eventsDone()).isEqualTo(status.eventsTotal()).isGreaterThanOrEqualTo(settled.size() * 4L);

        badInputChangesNothing();
    }

    /** An unknown view, and a second rebuild while one runs: refused, and no view's generations changed. */
    private void badInputChangesNothing() {
        assertThatThrownBy(() -> rebuilds.start("statuses", "op-key-1")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(rebuilds.status().views()).allSatisfy(view -> assertThat(view.buildingGeneration()).isNull());

        rebuilds.start("status", "op-key-1");
        assertThatThrownBy(() -> rebuilds.start("all", "op-key-2")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.REBUILD_RUNNING));
        List<ViewGenerationResponse> views = rebuilds.status().views();
        assertThat(views.get(0).buildingGeneration()).isEqualTo(2);
        assertThat(views.subList(1, 3)).allSatisfy(view -> {
            assertThat(view.buildingGeneration()).isNull();
            assertThat(view.liveGeneration()).isEqualTo(1);
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(rebuilds.status().views().get(0).liveGeneration()).isEqualTo(2));
    }

    /** Reads what was settled before the rebuild, over and over, and keeps every wrong or failed answer. */
    private final class QueryLoad implements Runnable {
        private final List<String> settled;
        private final String corrupted;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong answers = new AtomicLong();
        private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();

        private QueryLoad(List<String> settled, String corrupted) {
            this.settled = settled;
            this.corrupted = corrupted;
        }

        @Override
        public void run() {
            int i = 0;
            while (!stop.get()) {
                String id = settled.get(i++ % settled.size());
                try {
                    check(id);
                } catch (RuntimeException e) {
                    wrong.add(id + ": failed with " + e);
                }
            }
        }

        private void check(String id) {
            Optional<NotificationStatusResponse> status = status(id);
            if (status.isEmpty() || !id.equals(corrupted) && status.get().status() != NotificationStatus.SENT) {
                wrong.add(id + ": status " + status);
            }
            List<Long> sequences = audit(id).stream().map(AuditEntryResponse::sequence).toList();
            if (!sequences.equals(List.of(0L, 1L, 2L, 3L))) {
                wrong.add(id + ": audit " + sequences);
            }
            NotificationSearchResponse sent = queries.query(new SearchNotificationsQuery(LedgerEvents.TENANT,
                    NotificationStatus.SENT, null, null, LedgerEvents.CORRELATION, null, null, null, null, null, 500),
                    ResponseTypes.instanceOf(NotificationSearchResponse.class)).join();
            List<String> found = sent.items().stream().map(NotificationStatusResponse::notificationId).toList();
            List<String> missing = settled.stream().filter(settledId -> !settledId.equals(corrupted) && !found.contains(settledId)).toList();
            if (!missing.isEmpty()) {
                wrong.add("search for SENT misses " + missing.size());
            }
            answers.addAndGet(3);
        }
    }

    private Optional<NotificationStatusResponse> status(String id) {
        return queries.query(new FindNotificationStatusQuery(id, null),
                ResponseTypes.optionalInstanceOf(NotificationStatusResponse.class)).join();
    }

    private List<AuditEntryResponse> audit(String id) {
        return queries.query(new FetchNotificationAuditQuery(id, null),
                ResponseTypes.instanceOf(NotificationAuditResponse.class)).join().entries();
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Each notification's lifecycle as the ledger's publisher writes it (axon-kafka's converter over Jackson). */
    private static void send(KafkaProducer<String, byte[]> producer, List<String> ids) throws Exception {
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
                .serializer(JacksonSerializer.builder()
                        .objectMapper(new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
                        .build())
                .build();
        List<Future<?>> acks = new ArrayList<>();
        for (String id : ids) {
            for (DomainEventMessage<Object> event : messages(id, lifecycle(id))) {
                ProducerRecord<String, byte[]> record = converter.createKafkaMessage(event, TOPIC);
                acks.add(producer.send(record));
            }
        }
        for (Future<?> ack : acks) {
            ack.get();
        }
    }
}
