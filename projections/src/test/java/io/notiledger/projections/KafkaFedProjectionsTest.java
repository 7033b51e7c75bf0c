package io.notiledger.projections;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import io.notiledger.api.admin.ParkedEventResponse;
import io.notiledger.api.admin.RetryParkedEventsResponse;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.projections.parking.ParkedEventQueues;
import io.notiledger.projections.parking.ParkedEvents;
import io.notiledger.api.query.AuditEntryResponse;
import io.notiledger.api.query.FetchNotificationAuditQuery;
import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationAuditResponse;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.notiledger.projections.LedgerEvents.MASKED_RECIPIENT;
import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projections fed the way production feeds them: ledger events published to a real Kafka topic in the
 * ledger publisher's record format, consumed by the Axon tracking processors of {@link ViewProcessors}
 * and folded into MongoDB views, with the processors' tokens kept in MongoDB.
 */
// declared before @SpringBootTest so that its after-all step runs after Spring has closed the application
@ExtendWith(KafkaFedProjectionsTest.StopMongoAfterTheApplication.class)
@SpringBootTest(classes = ProjectionsTestApplication.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.serializer.general=jackson",
        "axon.serializer.events=jackson",
        "axon.serializer.messages=jackson",
        "axon.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "axon.kafka.client-id=projections-test",
        "axon.kafka.default-topic=" + KafkaFedProjectionsTest.TOPIC,
        "axon.kafka.publisher.enabled=false",
        "axon.kafka.consumer.event-processor-mode=tracking",
        "axon.kafka.consumer.auto-offset-reset=earliest",
        "axon.kafka.fetcher.poll-timeout=200",
        "spring.autoconfigure.exclude=org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration",
})
@EmbeddedKafka(kraft = true, partitions = 3, topics = KafkaFedProjectionsTest.TOPIC)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaFedProjectionsTest {

    static final String TOPIC = "notifications.events.v1";
    private static final String ID = "ntf-kafka-1";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

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
    private EventProcessingConfiguration processing;
    @Autowired
    private ParkedEvents parkedEvents;
    @Autowired
    private MeterRegistry meters;

    /** The application closes first (its processors release their token claims in MongoDB), then the stand-in. */
    static final class StopMongoAfterTheApplication implements AfterAllCallback {

        @Override
        public void afterAll(ExtensionContext extension) {
            MONGO.close();
        }
    }

    @Test
    void lifecycleFromKafkaBuildsBothViewsAndDuplicateRecordsChangeNothing() throws Exception {
        List<ProducerRecord<String, byte[]>> records = recordsAsTheLedgerPublishes(messages(ID, lifecycle(ID)));

        try (KafkaProducer<String, byte[]> producer = producer()) {
            RecordMetadata last = send(producer, records);

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(status(ID)).hasValueSatisfying(status ->
                        assertThat(status.status()).isEqualTo(NotificationStatus.SENT));
                assertThat(audit(ID)).hasSize(4);
            });
            awaitBothProcessorsReached(last);
            Document statusBefore = rawStatus(ID);
            List<Document> auditBefore = rawAudit();
            assertThat(statusBefore.get("lastAppliedSequence", Number.class).longValue()).isEqualTo(3L);

            // the very same records again, as an at-least-once publisher re-sends them
            awaitBothProcessorsReached(send(producer, records));

            assertThat(rawStatus(ID)).isEqualTo(statusBefore);
            assertThat(rawAudit()).isEqualTo(auditBefore);
        }

        NotificationStatusResponse status = status(ID).orElseThrow();
        assertThat(status.status()).isEqualTo(NotificationStatus.SENT);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.vendor()).isEqualTo("smtp-primary");
        assertThat(status.recipient()).isEqualTo(MASKED_RECIPIENT);
        assertThat(status.requestedAt()).isEqualTo(LedgerEvents.at(0));
        assertThat(status.updatedAt()).isEqualTo(LedgerEvents.at(3));
        assertThat(rawStatus(ID).get("lastAppliedSequence", Number.class).longValue()).isEqualTo(3L);

        List<AuditEntryResponse> audit = audit(ID);
        assertThat(audit).extracting(AuditEntryResponse::sequence).containsExactly(0L, 1L, 2L, 3L);
        assertThat(audit).extracting(AuditEntryResponse::type).containsExactly(
                "NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted", "NotificationSent");
        assertThat(audit).extracting(AuditEntryResponse::eventId).containsExactly(
                ID + "-event-0", ID + "-event-1", ID + "-event-2", ID + "-event-3");
        assertThat(audit).allSatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo(LedgerEvents.ACTOR);
            assertThat(entry.correlationId()).isEqualTo(LedgerEvents.CORRELATION);
        });
        assertThat(audit.get(0).details()).doesNotContainKeys("body", "requestFingerprint")
                .containsEntry("recipient", MASKED_RECIPIENT);
    }

    @Test
    void hundredsOfEventsArrivingAtOnceAreAllProjected() throws Exception {
        List<String> ids = IntStream.range(0, 50).mapToObj(i -> "ntf-burst-" + i).toList();
        List<ProducerRecord<String, byte[]>> records = recordsAsTheLedgerPublishes(ids.stream()
                .flatMap(id -> messages(id, lifecycle(id)).stream()).toList());

        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Future<RecordMetadata>> acks = records.stream().map(producer::send).toList();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(mongo.getCollection("notification_status").countDocuments(Filters.and(
                    Filters.in("_id", ids), Filters.eq("status", "SENT"), Filters.eq("lastAppliedSequence", 3L))))
                    .isEqualTo(ids.size());
            assertThat(mongo.getCollection("notification_audit").countDocuments(Filters.in("notificationId", ids)))
                    .isEqualTo(records.size());
        });
        assertThat(mongo.getCollection("notification_status").countDocuments(Filters.in("_id", ids))).isEqualTo(ids.size());
    }

    @Test
    void viewWritesMongoRefusesAreRetriedUntilTheyLandAndNoEventIsSkipped() throws Exception {
        String id = "ntf-mongo-outage";
        List<ProducerRecord<String, byte[]>> records = recordsAsTheLedgerPublishes(messages(id, lifecycle(id)));
        MONGO.refuseWritesTo("notification_status", "notification_audit");
        int refusedBefore = MONGO.refusedWrites();
        try {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                send(producer, records);
            }
            // both processors have tried and failed at least twice (the second time after their back-off)
            await().atMost(PATIENCE).until(() -> MONGO.refusedWrites() >= refusedBefore + 4);
            assertThat(status(id)).isEmpty();
            assertThat(audit(id)).isEmpty();
        } finally {
            MONGO.acceptAllWrites();
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(status(id)).hasValueSatisfying(status -> {
                assertThat(status.status()).isEqualTo(NotificationStatus.SENT);
                assertThat(status.attempts()).isEqualTo(1);
            });
            assertThat(audit(id)).extracting(AuditEntryResponse::sequence).containsExactly(0L, 1L, 2L, 3L);
        });
    }

    @Test
    void anEventAViewCannotApplyParksOnlyItsNotificationInThatViewAndARetryWithoutAFixLeavesItParked() throws Exception {
        String poisoned = "ntf-poison-kafka";
        List<String> others = IntStream.range(0, 20).mapToObj(i -> "ntf-flowing-" + i).toList();
        NotificationRequestedEvent requested = LedgerEvents.requested(poisoned);
        // an instant no BSON date can hold: the status view cannot store it, the audit view keeps it as text
        List<Object> poisonedLifecycle = new ArrayList<>(lifecycle(poisoned));
        NotificationContent content = requested.content();
        poisonedLifecycle.set(0, new NotificationRequestedEvent(poisoned, requested.tenantId(),
                new NotificationContent(content.channel(), content.recipient(), content.subject(), content.body(),
                        Instant.parse("-999999999-01-01T00:00:00Z"), content.priority(), content.correlationId(),
                        content.metadata()),
                requested.idempotencyKey(), requested.requestFingerprint()));
        List<DomainEventMessage<Object>> events = new ArrayList<>(messages(poisoned, poisonedLifecycle));
        others.forEach(id -> events.addAll(messages(id, lifecycle(id))));

        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, recordsAsTheLedgerPublishes(events));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(mongo.getCollection("notification_status").countDocuments(Filters.and(
                    Filters.in("_id", others), Filters.eq("status", "SENT")))).isEqualTo(others.size());
            assertThat(audit(poisoned)).hasSize(4);
            assertThat(parkedIn(NotificationStatusProjection.PROCESSING_GROUP)).hasSize(4);
        });
        assertThat(status(poisoned)).isEmpty();
        List<ParkedEventResponse> parked = parkedIn(NotificationStatusProjection.PROCESSING_GROUP);
        assertThat(parked).extracting(ParkedEventResponse::notificationId).containsOnly(poisoned);
        assertThat(parked).extracting(ParkedEventResponse::sequence).containsExactly(0L, 1L, 2L, 3L);
        assertThat(parked).extracting(ParkedEventResponse::eventType).containsExactly(
                "NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted", "NotificationSent");
        assertThat(parked.get(0).causeType()).isNotBlank();
        assertThat(parked.get(0).failures()).isEqualTo(1);
        assertThat(parked.subList(1, 4)).allSatisfy(event -> {
            assertThat(event.causeType()).isNull();
            assertThat(event.failures()).isZero();
        });
        assertThat(parkedIn(NotificationAuditProjection.PROCESSING_GROUP)).isEmpty();
        assertThat(meters.get(ParkedEventQueues.PARKED_GAUGE).tag("group", NotificationStatusProjection.PROCESSING_GROUP)
                .gauge().value()).isEqualTo(4.0);
        assertThat(meters.get(ParkedEventQueues.PARKED_COUNTER).tag("group", NotificationStatusProjection.PROCESSING_GROUP)
                .counter().count()).isEqualTo(4.0);

        RetryParkedEventsResponse retried = parkedEvents.retry(NotificationStatusProjection.PROCESSING_GROUP, poisoned);

        assertThat(retried.processed()).isZero();
        assertThat(retried.stillParked()).isEqualTo(4);
        ParkedEventResponse stillParked = parkedIn(NotificationStatusProjection.PROCESSING_GROUP).get(0);
        assertThat(stillParked.failures()).isEqualTo(2);
        assertThat(stillParked.causeType()).as("the class of the retry's failure").isEqualTo(parked.get(0).causeType());
        assertThat(status(poisoned)).isEmpty();
    }

    /** The query side on its own reads a NotificationSentEvent of revision 1 (no channel) through its upcaster chain. */
    @Test
    void aRevisionOneSentEventFromAnOlderLedgerIsAuditedWithTheDefaultChannel() throws Exception {
        String id = "ntf-revision-1";
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(recordsAsTheLedgerPublishes(messages(id, lifecycle(id))));
        ProducerRecord<String, byte[]> sent = records.remove(3);
        ObjectMapper json = new ObjectMapper();
        ObjectNode payload = (ObjectNode) json.readTree(sent.value());
        assertThat(payload.remove("channel")).isNotNull();
        RecordHeaders headers = new RecordHeaders(sent.headers().toArray());
        headers.remove("axon-message-revision");
        headers.add("axon-message-revision", "1".getBytes(StandardCharsets.UTF_8));
        records.add(new ProducerRecord<>(sent.topic(), null, sent.key(), json.writeValueAsBytes(payload), headers));

        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, records);
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(audit(id)).hasSize(4));
        assertThat(audit(id).get(3).type()).isEqualTo("NotificationSent");
        assertThat(audit(id).get(3).details()).containsEntry("channel", "EMAIL");
    }

    @Test
    void processorTokensAreKeptInMongo() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Document> tokens = mongo.getCollection("projection_tokens").find().into(new ArrayList<>());
            assertThat(tokens).extracting(token -> token.getString("processorName"))
                    .containsExactlyInAnyOrderElementsOf(ViewProcessors.PROCESSING_GROUPS);
            assertThat(tokens).allSatisfy(token -> assertThat(token.getString("owner")).isNotBlank());
        });
    }

    private List<ParkedEventResponse> parkedIn(String group) {
        return parkedEvents.list().groups().stream().filter(parked -> parked.group().equals(group))
                .findFirst().orElseThrow().events();
    }

    private Optional<NotificationStatusResponse> status(String id) {
        return queries.query(new FindNotificationStatusQuery(id, null),
                ResponseTypes.optionalInstanceOf(NotificationStatusResponse.class)).join();
    }

    private List<AuditEntryResponse> audit(String id) {
        return queries.query(new FetchNotificationAuditQuery(id, null),
                ResponseTypes.instanceOf(NotificationAuditResponse.class)).join().entries();
    }

    private Document rawStatus(String id) {
        return mongo.getCollection("notification_status").find(Filters.eq("_id", id)).first();
    }

    private List<Document> rawAudit() {
        return mongo.getCollection("notification_audit").find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    /**
     * Waits until each view's processor has handled the given record and, the topic being quiet otherwise,
     * everything sent before it on its partition. A processor's Kafka token holds, per partition, the offset
     * of the last record it handled. (Only per partition: the source hands records over sorted by time across
     * partitions, so a token can lag behind on partitions other than the last record's.)
     */
    private void awaitBothProcessorsReached(RecordMetadata last) {
        TopicPartition partition = new TopicPartition(last.topic(), last.partition());
        for (String group : List.of(NotificationStatusProjection.PROCESSING_GROUP, NotificationAuditProjection.PROCESSING_GROUP)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handledOffset(group, partition))
                    .as("offset handled by %s on %s", group, partition).isGreaterThanOrEqualTo(last.offset()));
        }
    }

    private long handledOffset(String group, TopicPartition partition) {
        TrackingEventProcessor processor = processing.eventProcessor(group, TrackingEventProcessor.class).orElseThrow();
        long handled = -1;
        for (EventTrackerStatus tracker : processor.processingStatus().values()) {
            TrackingToken token = tracker.getTrackingToken();
            if (token instanceof KafkaTrackingToken kafkaToken) {
                handled = Math.max(handled, kafkaToken.getPositions().getOrDefault(partition, -1L));
            }
        }
        return handled;
    }

    /** The ledger's publisher: axon-kafka's DefaultKafkaMessageConverter over a Jackson serializer. */
    private static List<ProducerRecord<String, byte[]>> recordsAsTheLedgerPublishes(List<DomainEventMessage<Object>> events) {
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
                .serializer(JacksonSerializer.builder()
                        // JacksonSerializer registers JavaTimeModule itself
                        .objectMapper(new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
                        .build())
                .build();
        return events.stream().map(event -> converter.createKafkaMessage(event, TOPIC)).collect(Collectors.toList());
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends one record after the other and returns where the last one landed. */
    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        RecordMetadata last = null;
        for (ProducerRecord<String, byte[]> record : records) {
            last = producer.send(record).get();
        }
        return last;
    }
}
