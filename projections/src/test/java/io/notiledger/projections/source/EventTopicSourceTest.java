package io.notiledger.projections.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.AsyncFetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.DefaultConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events topic read from its start, as a rebuild or a view processor after an outage reads it: a backlog in
 * three partitions whose records interleave in time. Every record's token covers the one before it, and the last
 * covers the topic's end, so a processor's stored token never claims a record it has not handled and a rebuild
 * sees the moment it has read everything.
 */
@EmbeddedKafka(kraft = true, partitions = 3, topics = EventTopicSourceTest.TOPIC)
class EventTopicSourceTest {

    static final String TOPIC = "notifications.events.v1";
    private static final JacksonSerializer SERIALIZER = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)).build();

    @Test
    void aBacklogInSeveralPartitionsIsHandedOverWithATokenThatOnlyGrowsUpToTheTopicsEnd(EmbeddedKafkaBroker kafka) throws Exception {
        int records = sendLifecycles(kafka, 60);
        Map<TopicPartition, Long> end = endOffsets(kafka);
        assertThat(end.values()).as("the notifications spread over every partition").allMatch(offset -> offset > 0);

        KafkaProperties properties = new KafkaProperties();
        properties.setDefaultTopic(TOPIC);
        Fetcher<String, byte[], KafkaEventMessage> fetcher =
                AsyncFetcher.<String, byte[], KafkaEventMessage>builder().pollTimeout(200).build();
        StreamableKafkaMessageSource<String, byte[]> source = new EventTopicSource().streamableKafkaMessageSource(
                SERIALIZER, new DefaultConsumerFactory<>(consumerSettings(kafka)), fetcher,
                DefaultKafkaMessageConverter.builder().serializer(SERIALIZER).build(), properties);

        KafkaTrackingToken last = KafkaTrackingToken.emptyToken();
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(KafkaTrackingToken.emptyToken())) {
            for (int handed = 0; handed < records; handed++) {
                assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).as("record %d of %d", handed + 1, records).isTrue();
                KafkaTrackingToken token = (KafkaTrackingToken) stream.nextAvailable().trackingToken();
                assertThat(token.covers(last)).as("record %d's token %s covers the one before, %s", handed + 1, token, last)
                        .isTrue();
                last = token;
            }
        } finally {
            fetcher.shutdown();
        }
        KafkaTrackingToken handedOver = last;
        end.forEach((partition, offset) ->
                assertThat(handedOver.getPositions()).containsEntry(partition, offset - 1));
    }

    /** Each notification's lifecycle as the ledger's publisher writes it, one notification after the other. */
    private static int sendLifecycles(EmbeddedKafkaBroker kafka, int notifications) throws Exception {
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder().serializer(SERIALIZER).build();
        List<Future<?>> acks = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < notifications; i++) {
                String id = "ntf-backlog-" + i;
                for (DomainEventMessage<Object> event : messages(id, lifecycle(id))) {
                    acks.add(producer.send(converter.createKafkaMessage(event, TOPIC)));
                }
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
        return acks.size();
    }

    private static Map<TopicPartition, Long> endOffsets(EmbeddedKafkaBroker kafka) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings(kafka))) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static Map<String, Object> consumerSettings(EmbeddedKafkaBroker kafka) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }
}
