package io.notiledger.command.publishing;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store is the outbox: axon-kafka's tracking publisher
 * ({@code __axon-kafka-event-publishing-group}) reads the store and sends every event to
 * {@code notifications.events.v1}, keyed by notification id, waiting for the broker's acknowledgement
 * (acks=all) before its token, kept in the event store's database, moves on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventTopicProperties.class)
public class PublishingConfiguration {

    @Bean
    EventTopicCreator eventTopicCreator(KafkaProperties kafka, EventTopicProperties topics) {
        return new EventTopicCreator(kafka, topics);
    }
}
