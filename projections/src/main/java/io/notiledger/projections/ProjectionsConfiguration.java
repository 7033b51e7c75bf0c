package io.notiledger.projections;

import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.time.Duration;
import java.util.List;

/**
 * Wires each view's processing group to the Kafka topic (a streamable Kafka source) and keeps its
 * token in MongoDB, next to the view it tracks, so that a view and its position move together.
 * <p>
 * A view must never skip an event, so a failing write fails its batch (the error propagates instead of
 * being logged and passed over) and the processor retries the batch with back-off. Its token is stored
 * only after the batch's writes have landed: MongoDB takes no part in the event store's JDBC transaction,
 * so the processors run without a transaction manager, which makes Axon store the token after processing.
 * Handling a batch twice is harmless because the views are idempotent.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProjectionProperties.class)
public class ProjectionsConfiguration {

    public static final List<String> PROCESSING_GROUPS =
            List.of(NotificationStatusProjection.PROCESSING_GROUP, NotificationAuditProjection.PROCESSING_GROUP);
    static final String TOKEN_COLLECTION = "projection_tokens";

    @Autowired
    void consumeFromKafka(EventProcessingConfigurer processing, MongoDatabaseFactory mongo,
                          @Qualifier("serializer") Serializer serializer, ProjectionProperties properties,
                          StreamableKafkaMessageSource<?, ?> kafkaSource, BatchedViewWrites viewWrites) {
        TokenStore tokens = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(mongo.getMongoDatabase())
                        .trackingTokensCollectionName(TOKEN_COLLECTION)
                        .build())
                .serializer(serializer)
                .claimTimeout(Duration.ofSeconds(10))
                .build();
        for (String group : PROCESSING_GROUPS) {
            processing.registerTokenStore(group, configuration -> tokens);
            processing.registerTransactionManager(group, configuration -> NoTransactionManager.instance());
            processing.registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance());
            processing.registerHandlerInterceptor(group, configuration -> new FlushViewWritesAtBatchEnd(viewWrites));
            processing.registerTrackingEventProcessor(group, configuration -> kafkaSource,
                    configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andBatchSize(properties.batchSize()));
        }
    }
}
