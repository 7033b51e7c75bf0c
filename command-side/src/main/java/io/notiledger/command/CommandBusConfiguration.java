package io.notiledger.command;

import io.notiledger.command.availability.StoreAvailability;
import io.notiledger.command.availability.StoreAvailabilityInterceptor;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.interceptors.TransactionManagingInterceptor;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Commands run on their own worker threads, each in its own unit of work and transaction. So a
 * command's events are committed before its caller continues, even when the caller is an event
 * handler (the delivery processor claims an attempt durably before it sends), and no HTTP event-loop
 * thread ever waits on the database.
 * <p>
 * The transaction starts inside the command's unit of work (an interceptor), not in the bus: a bus given the
 * transaction manager starts it before the unit of work runs, and when that start fails (no connection free
 * in the pool within its timeout) the failure ends the worker thread and the command never answers. Its
 * caller waited for ever: a delivery thread in {@code sendAndWait} never moved again and its notification was
 * never sent. Started here, the failure is the command's result, and the caller sees it.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class CommandBusConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService commandWorkers(CommandBusProperties properties) {
        return Executors.newFixedThreadPool(properties.threads(), new AxonThreadFactory("command-worker"));
    }

    /** Reported as {@code eventStore} in {@code /actuator/health}. */
    @Bean
    StoreAvailability eventStoreHealthIndicator(Clock clock) {
        return new StoreAvailability(clock);
    }

    @Bean
    @Qualifier("localSegment")
    CommandBus commandBus(TransactionManager transactionManager, Configuration axon,
                          DuplicateCommandHandlerResolver duplicateResolver, ExecutorService commandWorkers,
                          StoreAvailability storeAvailability) {
        AsynchronousCommandBus bus = AsynchronousCommandBus.builder()
                .executor(commandWorkers)
                .duplicateCommandHandlerResolver(duplicateResolver)
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        bus.registerHandlerInterceptor(new TransactionManagingInterceptor<>(transactionManager));
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        bus.registerHandlerInterceptor(new StoreAvailabilityInterceptor(storeAvailability));
        return bus;
    }
}
