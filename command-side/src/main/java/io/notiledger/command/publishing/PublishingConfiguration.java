package io.notiledger.command.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.notiledger.operations.metrics.LatencyTimers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store is the outbox: the {@code kafka-publisher} tracking processor reads the store and
 * sends every event to {@code notifications.events.v1} (key = notification id, the headers of axon-kafka's
 * message converter), and its token, kept in the event store's database, moves on only after the broker
 * acknowledged the batch. With Kafka down publication waits; nothing is lost. The processor itself is declared in
 * {@link io.notiledger.command.CommandSideProcessors}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EventTopicProperties.class, KafkaProperties.class})
public class PublishingConfiguration {

    public static final String PUBLISH_LAG = "ledger.publish.lag";

    @Bean
    EventTopicCreator eventTopicCreator(KafkaProperties kafka, EventTopicProperties topics) {
        return new EventTopicCreator(kafka, topics);
    }

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> eventTopicProducer(KafkaProperties kafka) {
        return new KafkaProducer<>(kafka.buildProducerProperties());
    }

    /** The producer's own metrics as meters: {@code kafka.producer.record.send.total} counts the records sent. */
    @Bean
    KafkaClientMetrics eventTopicProducerMetrics(Producer<String, byte[]> eventTopicProducer) {
        return new KafkaClientMetrics(eventTopicProducer);
    }

    /** Records as axon-kafka writes and reads them: JSON payload, type, revision and meta-data in headers. */
    @Bean
    KafkaMessageConverter<String, byte[]> kafkaMessageConverter(@Qualifier("eventSerializer") Serializer eventSerializer,
                                                                org.axonframework.config.Configuration axon) {
        return DefaultKafkaMessageConverter.builder()
                .serializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .build();
    }

    @Bean
    EventTopicPublisher eventTopicPublisher(Producer<String, byte[]> eventTopicProducer,
                                            KafkaMessageConverter<String, byte[]> kafkaMessageConverter,
                                            KafkaProperties kafka, EventTopicProperties topics, MeterRegistry meters) {
        return new EventTopicPublisher(eventTopicProducer, kafkaMessageConverter, kafka.getDefaultTopic(),
                topics.ackTimeout(), LatencyTimers.timer(PUBLISH_LAG, "Time from an event's storing to Kafka's acknowledgement")
                        .register(meters));
    }
}
