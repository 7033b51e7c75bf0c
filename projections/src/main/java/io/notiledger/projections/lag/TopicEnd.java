package io.notiledger.projections.lag;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The offset after the newest record of each partition of the events topic. One consumer, made when first asked
 * and never subscribed (it only reads offsets), is kept for the process; a Kafka consumer is not thread-safe, so
 * the lookups take turns.
 */
public class TopicEnd implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ConsumerFactory<?, ?> consumers;
    private final String topic;
    private Consumer<?, ?> consumer;

    public TopicEnd(ConsumerFactory<?, ?> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    public synchronized Map<TopicPartition, Long> offsets() {
        if (consumer == null) {
            consumer = consumers.createConsumer(null);
        }
        List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        return consumer.endOffsets(partitions, TIMEOUT);
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(TIMEOUT);
            consumer = null;
        }
    }
}
