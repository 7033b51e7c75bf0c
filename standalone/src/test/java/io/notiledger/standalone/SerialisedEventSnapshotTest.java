package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Events are kept for years and read by consumers we do not know: this test pins what every event type looks
 * like on disk and on the Kafka topic, and fails on any change, naming the event and the field.
 * <p>
 * Each event of {@link FixedEvents} is serialised by the running ledger's own beans (the event store's
 * {@code eventSerializer} and the publisher's {@code kafkaMessageConverter}) and compared with its snapshot in
 * {@code src/test/resources/events/<EventType>.json}: type name, revision, payload, meta-data, Kafka key and
 * headers.
 * <p>
 * An intended change to an event is a new revision: raise its {@code @Revision}, move its snapshot to
 * {@code events/revisions/<EventType>-<old revision>.json} (which {@link EventRevisionsTest} keeps readable),
 * add an upcaster, then regenerate the snapshots with
 * {@code ./mvnw -pl standalone -am verify -Dtest=SerialisedEventSnapshotTest -Dsurefire.failIfNoSpecifiedTests=false -Devents.snapshot.update=true}
 * (off by default; it rewrites the files under {@code standalone/src/test/resources/events} and passes).
 */
@ExtendWith(SharedLedger.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SerialisedEventSnapshotTest {

    private static final Logger log = LoggerFactory.getLogger(SerialisedEventSnapshotTest.class);
    private static final String UPDATE_SWITCH = "events.snapshot.update";
    static final Path SNAPSHOTS = Path.of("src/test/resources/events");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SerialisedEvents serialised;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void ledgerSerialisers(TestLedger ledger) {
        serialised = new SerialisedEvents(ledger.bean("eventSerializer", Serializer.class),
                ledger.bean("kafkaMessageConverter", KafkaMessageConverter.class));
    }

    /** After the comparison, which (re)writes the snapshots when asked to. */
    @Test
    @Order(2)
    void everyEventTypeHasAFixedEventAndASnapshot() {
        assertThat(FixedEvents.payloads().keySet()).containsExactlyInAnyOrderElementsOf(FixedEvents.eventTypes());
        assertThat(FixedEvents.eventTypes()).allSatisfy(type ->
                assertThat(snapshotFile(type)).as("snapshot of " + type).exists());
    }

    @Test
    @Order(1)
    void everyEventIsSerialisedExactlyAsItsSnapshot() throws IOException {
        boolean update = Boolean.getBoolean(UPDATE_SWITCH);
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, Object> event : FixedEvents.payloads().entrySet()) {
            JsonNode actual = serialised.of(FixedEvents.message(event.getValue()));
            Path file = snapshotFile(event.getKey());
            if (update) {
                Files.createDirectories(file.getParent());
                JSON.writeValue(file.toFile(), actual);
                log.info("Wrote the snapshot {}", file);
                continue;
            }
            assertThat(file).as("snapshot of " + event.getKey()).exists();
            JsonDifferences.between(JSON.readTree(file.toFile()), actual)
                    .forEach(difference -> changes.add(simpleName(event.getKey()) + " " + difference));
        }
        if (!changes.isEmpty()) {
            fail("Serialised events differ from their snapshots in " + SNAPSHOTS + ":\n  " + String.join("\n  ", changes)
                    + "\nConsumers and the store's old events depend on this form. If the change is intended, give the event a"
                    + " new @Revision and an upcaster from the old one, keep the old snapshot under events/revisions/, and"
                    + " regenerate with -D" + UPDATE_SWITCH + "=true.");
        }
    }

    static Path snapshotFile(String type) {
        return SNAPSHOTS.resolve(simpleName(type) + ".json");
    }

    static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
