package io.notiledger.command.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the event topic with the configured partitions before the publisher starts: once every bean exists,
 * before any lifecycle (Axon's processors among them) is started. If the broker is unreachable, start-up goes
 * on: the publisher waits for the broker and nothing is lost.
 */
public class EventTopicCreator implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(EventTopicCreator.class);

    private final KafkaProperties kafka;
    private final EventTopicProperties topics;

    public EventTopicCreator(KafkaProperties kafka, EventTopicProperties topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) topics.createTimeout().toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) topics.createTimeout().toMillis());
        NewTopic topic = new NewTopic(kafka.getDefaultTopic(), topics.partitions(), topics.replicationFactor());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(topic)).all().get(topics.createTimeout().toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} with {} partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                log.debug("Topic {} exists", topic.name());
            } else {
                log.warn("Could not create topic {}: {}; publishing will wait for the broker", topic.name(), e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Kafka did not answer within {}; publishing will wait for the broker", topics.createTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
