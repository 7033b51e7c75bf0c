package io.notiledger.command;

import io.notiledger.command.availability.StoreAvailability;
import io.notiledger.command.availability.StoreAvailabilityInterceptor;
import io.notiledger.command.bus.GroupCommitCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Commands run on their own committer threads, in groups: each thread handles what is queued in one transaction
 * ({@link GroupCommitCommandBus}). A command's events are committed before its caller continues, even when the
 * caller is an event handler (the delivery processor claims an attempt durably before it sends), and no HTTP
 * event-loop thread ever waits on the database.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class CommandBusConfiguration {

    /** Reported as {@code eventStore} in {@code /actuator/health}. */
    @Bean
    StoreAvailability eventStoreHealthIndicator(Clock clock) {
        return new StoreAvailability(clock);
    }

    @Bean(destroyMethod = "shutdown")
    @Qualifier("localSegment")
    GroupCommitCommandBus commandBus(TransactionManager transactionManager, Configuration axon,
                                     DuplicateCommandHandlerResolver duplicateResolver, CommandBusProperties properties,
                                     StoreAvailability storeAvailability) {
        GroupCommitCommandBus bus = new GroupCommitCommandBus(SimpleCommandBus.builder()
                .duplicateCommandHandlerResolver(duplicateResolver)
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus")),
                transactionManager, StoreAvailability::isUnavailability, properties.threads(), properties.groupSize(), new AxonThreadFactory("command-worker"));
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        bus.registerHandlerInterceptor(new StoreAvailabilityInterceptor(storeAvailability));
        return bus;
    }
}
