package io.notiledger.projections.source;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The events topic as the view processors and rebuilds read it: Axon's streamable Kafka source as its
 * auto-configuration builds it, but with records handed over in fetch order ({@link FetchOrderBuffer} says why).
 */
@Configuration(proxyBeanMethods = false)
public class EventTopicSource {

    @Bean
    <K, V> StreamableKafkaMessageSource<K, V> streamableKafkaMessageSource(
            @Qualifier("eventSerializer") Serializer serializer, ConsumerFactory<K, V> consumers,
            Fetcher<K, V, KafkaEventMessage> fetcher, KafkaMessageConverter<K, V> converter, KafkaProperties kafka) {
        return StreamableKafkaMessageSource.<K, V>builder()
                .topics(List.of(kafka.getDefaultTopic()))
                .serializer(serializer)
                .consumerFactory(consumers)
                .fetcher(fetcher)
                .messageConverter(converter)
                .bufferFactory(() -> new FetchOrderBuffer(kafka.getFetcher().getBufferSize()))
                .build();
    }
}
