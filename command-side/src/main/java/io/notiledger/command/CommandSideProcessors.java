package io.notiledger.command;

import io.notiledger.command.delivery.DeliverAtBatchEnd;
import io.notiledger.command.delivery.DeliveryProcessor;
import io.notiledger.command.publishing.EventTopicPublisher;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Every event processor of the command side. Both read the event store and keep their tokens in its database
 * (Axon's JDBC token store), so a processor's position commits with what it did there.
 * <ul>
 * <li>{@code kafka-publisher}: one tracking thread, batches of {@code ledger.command.processors.publisher.batch-size}
 * (see {@link EventTopicPublisher}).</li>
 * <li>{@code delivery}: pooled, {@code .delivery.threads} threads over {@code .delivery.segments} segments, batches
 * of {@code .delivery.batch-size} delivered together at the batch's end (see {@link DeliveryProcessor},
 * {@link DeliverAtBatchEnd}).</li>
 * </ul>
 * Neither skips an event: a handler's failure propagates, the batch rolls back, and the processor retries it
 * with back-off. A queued notification is never left behind and a batch not acknowledged by Kafka is sent again.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class CommandSideProcessors {

    @Autowired
    void declareProcessors(EventProcessingConfigurer processing, CommandSideProperties properties,
                           ObjectProvider<DeliveryProcessor> deliveryProcessor) {
        CommandSideProperties.Publisher publisher = properties.processors().publisher();
        processing.registerTrackingEventProcessor(EventTopicPublisher.PROCESSING_GROUP, Configuration::eventStore,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(publisher.batchSize()));
        processing.registerListenerInvocationErrorHandler(EventTopicPublisher.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());

        CommandSideProperties.Delivery delivery = properties.processors().delivery();
        processing.registerPooledStreamingEventProcessor(DeliveryProcessor.PROCESSING_GROUP, Configuration::eventStore,
                (configuration, builder) -> {
                    ScheduledExecutorService workers = Executors.newScheduledThreadPool(delivery.threads(),
                            new AxonThreadFactory("WorkPackage[" + DeliveryProcessor.PROCESSING_GROUP + "]"));
                    configuration.onShutdown(workers::shutdown);
                    return builder.workerExecutor(workers).initialSegmentCount(delivery.segments())
                            .batchSize(delivery.batchSize());
                });
        processing.registerListenerInvocationErrorHandler(DeliveryProcessor.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
        // a batch's attempts are claimed, mailed and recorded together once its last event has been handled
        processing.registerHandlerInterceptor(DeliveryProcessor.PROCESSING_GROUP,
                configuration -> new DeliverAtBatchEnd(deliveryProcessor.getObject()));
    }
}
