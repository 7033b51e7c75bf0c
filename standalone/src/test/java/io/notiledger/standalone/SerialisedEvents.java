package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * An event as the ledger writes it, in a form a person can read and a test can compare: the type name and
 * revision, the payload and meta-data as the event store's serializer writes them (the bytes of the
 * store's {@code payload} and {@code metaData} columns, which are JSON), and the Kafka record the publisher
 * sends (key and headers; its value is the same payload bytes).
 */
final class SerialisedEvents {

    /** The headers axon-kafka writes as 8-byte big-endian longs; every other header is UTF-8 text. */
    static final Set<String> LONG_HEADERS = Set.of("axon-message-timestamp", "axon-message-aggregate-seq");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Serializer eventSerializer;
    private final KafkaMessageConverter<String, byte[]> converter;

    SerialisedEvents(Serializer eventSerializer, KafkaMessageConverter<String, byte[]> converter) {
        this.eventSerializer = eventSerializer;
        this.converter = converter;
    }

    ObjectNode of(DomainEventMessage<?> event) {
        SerializedObject<byte[]> payload = eventSerializer.serialize(event.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = eventSerializer.serialize(event.getMetaData(), byte[].class);
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(event, "notifications.events.v1");
        ObjectNode snapshot = JSON.createObjectNode();
        snapshot.put("type", payload.getType().getName());
        snapshot.put("revision", payload.getType().getRevision());
        snapshot.set("payload", parse(payload.getData()));
        snapshot.set("metaData", parse(metaData.getData()));
        ObjectNode kafka = snapshot.putObject("kafka");
        kafka.put("key", record.key());
        kafka.set("headers", headers(record.headers()));
        kafka.put("valueIsThePayload", Arrays.equals(record.value(), payload.getData()));
        // read back, so that numbers compare with a fixture's as JSON does (8 is 8, whether int or long)
        return (ObjectNode) parse(bytes(snapshot));
    }

    static ObjectNode headers(Headers headers) {
        ObjectNode rendered = JSON.createObjectNode();
        for (Header header : headers) {
            if (LONG_HEADERS.contains(header.key())) {
                rendered.put(header.key(), ByteBuffer.wrap(header.value()).getLong());
            } else {
                rendered.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return rendered;
    }

    /** The Kafka headers a snapshot describes, as bytes again. */
    static Headers headers(JsonNode rendered) {
        RecordHeaders headers = new RecordHeaders();
        for (Iterator<Map.Entry<String, JsonNode>> fields = rendered.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> header = fields.next();
            byte[] value = LONG_HEADERS.contains(header.getKey())
                    ? ByteBuffer.allocate(Long.BYTES).putLong(header.getValue().asLong()).array()
                    : header.getValue().asText().getBytes(StandardCharsets.UTF_8);
            headers.add(header.getKey(), value);
        }
        return headers;
    }

    static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
