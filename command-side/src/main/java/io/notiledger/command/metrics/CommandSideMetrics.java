package io.notiledger.command.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command side's own meters: {@link NotificationMeters} in a subscribing processor (counted as the events
 * are stored, never replayed); the delivery attempts' and the publisher's latencies are timed where they happen.
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideMetrics {

    @Bean
    NotificationOrigins notificationOrigins(EventStore events) {
        return new NotificationOrigins(events);
    }

    @Bean
    NotificationMeters notificationMeters(MeterRegistry registry, NotificationOrigins origins) {
        return new NotificationMeters(registry, origins);
    }

    @Autowired
    void countAsEventsAreStored(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(NotificationMeters.PROCESSING_GROUP);
    }
}
