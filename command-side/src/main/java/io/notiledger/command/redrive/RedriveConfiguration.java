package io.notiledger.command.redrive;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The re-drive's reader of the event store. */
@Configuration(proxyBeanMethods = false)
public class RedriveConfiguration {

    @Bean
    RedriveSelector redriveSelector(EventStorageEngine storage, EventStore events) {
        return new RedriveSelector(storage, events);
    }
}
