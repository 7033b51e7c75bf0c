package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every past revision of an event that the store or the topic may still hold reads as the current event,
 * through the running ledger's upcaster chain. The fixtures are the snapshots an event had before it changed,
 * kept in {@code src/test/resources/events/revisions/<EventType>-<revision>.json} (see
 * {@link SerialisedEventSnapshotTest}); each was made from the same {@link FixedEvents} values, so it must read
 * as today's fixed event, with the new fields at their defaults.
 */
@ExtendWith(SharedLedger.class)
class EventRevisionsTest {

    private static final Path REVISIONS = SerialisedEventSnapshotTest.SNAPSHOTS.resolve("revisions");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thereAreFixturesOfPastRevisionsOnly() throws IOException {
        List<JsonNode> fixtures = fixtures();

        assertThat(fixtures).isNotEmpty().allSatisfy(fixture -> {
            Class<?> type = Class.forName(fixture.get("type").asText());
            assertThat(fixture.get("revision").asText()).as(type.getSimpleName() + " fixture's revision")
                    .isNotEqualTo(type.getAnnotation(Revision.class).value());
        });
    }

    /** Written to the store as an old ledger wrote it, read back through the event store's upcaster chain. */
    @Test
    void aPastRevisionInTheEventStoreReadsAsTheCurrentEvent(TestLedger ledger) throws IOException {
        for (JsonNode fixture : fixtures()) {
            String notificationId = UUID.randomUUID().toString();
            ledger.bean(JdbcTemplate.class).update("INSERT INTO domainevententry (aggregateIdentifier, sequenceNumber, type,"
                            + " eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp)"
                            + " VALUES (?, 0, 'Notification', ?, ?, ?, ?, ?, ?)",
                    notificationId, UUID.randomUUID().toString(), SerialisedEvents.bytes(fixture.get("metaData")),
                    SerialisedEvents.bytes(fixture.get("payload")), fixture.get("revision").asText(),
                    fixture.get("type").asText(), FixedEvents.OCCURRED_AT.toString());

            List<? extends EventMessage<?>> read = ledger.bean(EventStore.class).readEvents(notificationId).asStream().toList();

            assertThat(read).hasSize(1);
            assertThat(read.get(0).getPayload()).as(name(fixture) + " from the store")
                    .isEqualTo(FixedEvents.payloads().get(fixture.get("type").asText()));
            assertThat(read.get(0).getMetaData()).isEqualTo(FixedEvents.META_DATA);
        }
    }

    /** A record an old ledger published, read through the Kafka message converter's upcaster chain. */
    @Test
    @SuppressWarnings("unchecked")
    void aPastRevisionOnTheTopicReadsAsTheCurrentEvent(TestLedger ledger) throws IOException {
        KafkaMessageConverter<String, byte[]> converter = ledger.bean("kafkaMessageConverter", KafkaMessageConverter.class);
        for (JsonNode fixture : fixtures()) {
            byte[] value = SerialisedEvents.bytes(fixture.get("payload"));
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("notifications.events.v1", 0, 0L,
                    FixedEvents.OCCURRED_AT.toEpochMilli(), TimestampType.CREATE_TIME, -1, value.length,
                    fixture.at("/kafka/key").asText(), value, SerialisedEvents.headers(fixture.at("/kafka/headers")),
                    Optional.empty());

            Optional<EventMessage<?>> read = converter.readKafkaMessage(record);

            assertThat(read).as(name(fixture) + " from Kafka").isPresent();
            assertThat(read.get().getPayload()).as(name(fixture) + " from Kafka")
                    .isEqualTo(FixedEvents.payloads().get(fixture.get("type").asText()));
            assertThat(read.get().getIdentifier()).isEqualTo(fixture.at("/kafka/headers/axon-message-id").asText());
        }
    }

    private static List<JsonNode> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(REVISIONS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(file -> {
                try {
                    return JSON.readTree(file.toFile());
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot read " + file, e);
                }
            }).toList();
        }
    }

    private static String name(JsonNode fixture) {
        return SerialisedEventSnapshotTest.simpleName(fixture.get("type").asText()) + " revision " + fixture.get("revision").asText();
    }
}
