package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.notiledger.command.publishing.EventTopicPublisher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.notiledger.standalone.LedgerClient.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The published event contract (api-spec's asyncapi.yaml) and the records on the wire agree: real Kafka records
 * are validated, payload and headers, against the schemas of the message their {@code axon-message-type} names.
 * The records come from a real broker: those the running ledger published for notifications sent and cancelled
 * over its API, and one of every event type sent by the ledger's publisher (its producer and message converter)
 * to a topic of this test.
 */
@ExtendWith(SharedLedger.class)
class AsyncApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, Schema> payloadSchemas;
    private static Map<String, Schema> headerSchemas;

    @BeforeAll
    static void loadSchemas() throws IOException {
        JsonNode asyncApi;
        try (InputStream yaml = AsyncApiContractTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(yaml).as("asyncapi.yaml on the classpath (api-spec)").isNotNull();
            asyncApi = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        }
        JsonNode resolved = JsonReferences.resolved(asyncApi);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        payloadSchemas = new HashMap<>();
        headerSchemas = new HashMap<>();
        resolved.at("/components/messages").forEach(message -> {
            String type = message.get("name").asText();
            payloadSchemas.put(type, registry.getSchema(message.get("payload")));
            JsonNode headers = message.has("headers") ? message.get("headers") : message.at("/traits/0/headers");
            headerSchemas.put(type, registry.getSchema(headers));
        });
    }

    @Test
    void theDocumentDescribesEveryEventType() {
        assertThat(new TreeSet<>(payloadSchemas.keySet())).isEqualTo(FixedEvents.eventTypes());
    }

    @Test
    void recordsTheLedgerPublishesMatchTheirMessageSchemas(TestLedger ledger) {
        LedgerClient client = new LedgerClient(ledger.http());
        String sent = client.send(email("asyncapi@example.com", "Validated on the topic"));
        Map<String, Object> later = new LinkedHashMap<>(email("asyncapi-later@example.com", "Cancelled before it is due"));
        later.put("sendAt", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        String cancelled = client.send(later);
        client.awaitStatus(sent, "SENT");
        client.awaitStatus(cancelled, "SCHEDULED");
        client.http().post().uri("/v1/notifications/{id}/cancel", cancelled).exchange().expectStatus().isAccepted();
        client.awaitStatus(cancelled, "CANCELLED");

        List<ConsumerRecord<String, byte[]>> records = consume(ledger, "notifications.events.v1",
                record -> record.key().equals(sent) || record.key().equals(cancelled), 7);

        assertThat(records).extracting(record -> header(record, "axon-message-type")).containsExactlyInAnyOrder(
                type("NotificationRequested"), type("NotificationQueued"), type("DeliveryAttemptStarted"),
                type("NotificationSent"), type("NotificationRequested"), type("NotificationScheduled"),
                type("NotificationCancelled"));
        assertThat(violations(records)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRecordOfEveryEventTypeFromTheLedgersPublisherMatchesItsMessageSchema(TestLedger ledger) throws Exception {
        String topic = "contract-test.events." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(ledger)))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        EventTopicPublisher publisher = new EventTopicPublisher(ledger.bean("eventTopicProducer", Producer.class),
                ledger.bean("kafkaMessageConverter", KafkaMessageConverter.class), topic, Duration.ofSeconds(30),
                Timer.builder("contract-test.publish.lag").register(new SimpleMeterRegistry()));
        for (Object payload : FixedEvents.payloads().values()) {
            DomainEventMessage<Object> event = FixedEvents.message(payload);
            // as in the publishing processor: the unit of work commits once the broker acknowledged the record
            DefaultUnitOfWork.startAndGet(event).execute(() -> publisher.on(event));
        }

        List<ConsumerRecord<String, byte[]>> records = consume(ledger, topic, record -> true, FixedEvents.payloads().size());

        assertThat(records).extracting(record -> header(record, "axon-message-type"))
                .containsExactlyElementsOf(FixedEvents.payloads().keySet());
        assertThat(violations(records)).isEmpty();
    }

    /** One line per schema violation: the event type, the part of the record and what is wrong. */
    private static List<String> violations(List<ConsumerRecord<String, byte[]>> records) {
        List<String> violations = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String type = header(record, "axon-message-type");
            if (!payloadSchemas.containsKey(type)) {
                violations.add(type + ": no message in asyncapi.yaml");
                continue;
            }
            JsonNode payload;
            try {
                payload = JSON.readTree(record.value());
            } catch (IOException e) {
                violations.add(type + " payload: not JSON (" + e.getMessage() + ")");
                continue;
            }
            payloadSchemas.get(type).validate(payload)
                    .forEach(error -> violations.add(type + " payload " + error));
            headerSchemas.get(type).validate(SerialisedEvents.headers(record.headers()))
                    .forEach(error -> violations.add(type + " headers " + error));
        }
        return violations;
    }

    private static List<ConsumerRecord<String, byte[]>> consume(TestLedger ledger, String topic,
                                                                Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(ledger),
                ConsumerConfig.GROUP_ID_CONFIG, "asyncapi-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (record.key() != null && wanted.test(record)) {
                        records.add(record);
                    }
                });
                return records.size() >= count;
            });
        }
        return records;
    }

    private static String bootstrap(TestLedger ledger) {
        return ledger.property("axon.kafka.bootstrap-servers");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return SerialisedEvents.headers(record.headers()).path(name).asText(null);
    }

    private static String type(String event) {
        return FixedEvents.EVENT_PACKAGE + "." + event + "Event";
    }
}
