package io.notiledger.benchmarks;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads the event topic alongside the ledger's own consumers: publish lag is the record's timestamp
 * (when the publisher sent it) minus the event's own timestamp (when it was stored); the time each
 * NotificationSent reached Kafka is kept to measure how far the status view trails it.
 */
final class EventTopicProbe implements AutoCloseable {

    static final String TOPIC = "notifications.events.v1";
    private static final String SENT = "io.notiledger.api.event.NotificationSentEvent";

    private final KafkaConsumer<String, byte[]> consumer;
    private final ConcurrentLinkedQueue<Long> publishLagMicros = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> sentOnKafkaAt = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile long records;

    EventTopicProbe(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reader = new Thread(this::read, "event-topic-probe");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    Header stamp = record.headers().lastHeader("axon-message-timestamp");
                    if (stamp != null && stamp.value().length == Long.BYTES) {
                        long storedAt = ByteBuffer.wrap(stamp.value()).getLong();
                        publishLagMicros.add(Math.max(0, record.timestamp() - storedAt) * 1000);
                    }
                    Header type = record.headers().lastHeader("axon-message-type");
                    if (type != null && SENT.equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        sentOnKafkaAt.putIfAbsent(record.key(), record.timestamp());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close();
        }
    }

    long[] publishLagMicros() {
        return publishLagMicros.stream().mapToLong(Long::longValue).toArray();
    }

    Long sentOnKafkaAt(String notificationId) {
        return sentOnKafkaAt.get(notificationId);
    }

    long records() {
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(5000);
    }
}
