package io.notiledger.projections;

import io.micrometer.core.instrument.MeterRegistry;
import io.notiledger.api.event.upcasting.NotificationSentEvent1To2Upcaster;
import io.notiledger.api.event.upcasting.RedriveRequestedEvent1To2Upcaster;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.parking.EventParking;
import io.notiledger.projections.parking.ParkedEventQueues;
import io.notiledger.projections.parking.ParkingPolicy;
import io.notiledger.projections.lag.TopicEnd;
import io.notiledger.projections.stats.DeliveryStatsProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.time.Duration;
import java.util.List;

/**
 * Every event processor of the query side, one per view ({@code notification-status}, {@code notification-audit}):
 * each a tracking processor on one thread and one segment, in batches of {@code ledger.projections.batch-size}.
 * <p>
 * Wires each view's processing group to the Kafka topic (a streamable Kafka source) and keeps its
 * token in MongoDB, next to the view it tracks, so that a view and its position move together.
 * <p>
 * A view must never skip an event, and one event must never stop a view for everybody. An event a view
 * cannot apply is parked in the group's dead-letter queue ({@link ParkedEventQueues}), and so are its
 * notification's later events (the sequencing policy is the notification), until an operator retries them;
 * everybody else's events flow on. A failure of MongoDB itself fails the batch (the error propagates
 * instead of being logged and passed over) and the processor retries it with back-off. The token is stored
 * only after the batch's writes have landed: MongoDB takes no part in the event store's JDBC transaction,
 * so the processors run without a transaction manager, which makes Axon store the token after processing.
 * Handling a batch twice is harmless because the views are idempotent.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProjectionProperties.class, ViewProperties.class})
public class ViewProcessors {

    public static final List<String> PROCESSING_GROUPS = List.of(NotificationStatusProjection.PROCESSING_GROUP,
            NotificationAuditProjection.PROCESSING_GROUP, DeliveryStatsProjection.PROCESSING_GROUP);
    public static final String TOKEN_COLLECTION = "projection_tokens";

    /**
     * Old revisions of events read from Kafka as the current ones: Axon puts every upcaster bean in
     * the Kafka message converter's chain. The command side declares the same bean; in the all-in-one ledger the
     * first one declared is used. Static: Axon's configuration needs it before this class's Kafka wiring can run.
     */
    @Bean
    @ConditionalOnMissingBean
    static NotificationSentEvent1To2Upcaster notificationSentEvent1To2Upcaster() {
        return new NotificationSentEvent1To2Upcaster();
    }

    /** Revision-1 re-drives, read from Kafka with no run, like the command side reads them from its store. */
    @Bean
    @ConditionalOnMissingBean
    static RedriveRequestedEvent1To2Upcaster redriveRequestedEvent1To2Upcaster() {
        return new RedriveRequestedEvent1To2Upcaster();
    }

    @Bean
    static ParkedEventQueues parkedEventQueues(MongoDatabaseFactory mongo, @Qualifier("serializer") Serializer serializer,
                                               ProjectionProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new ParkedEventQueues(mongo.getMongoDatabase(), serializer, properties.parking(), meters.getIfAvailable());
    }

    /** The end of the events topic, against which the views' lag is measured. */
    @Bean
    TopicEnd topicEnd(ConsumerFactory<?, ?> consumers, KafkaProperties kafka) {
        return new TopicEnd(consumers, kafka.getDefaultTopic());
    }

    /** The views' tokens, in MongoDB next to the views: the live processors' and a rebuild's. */
    public static TokenStore tokenStore(MongoDatabaseFactory mongo, Serializer serializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(mongo.getMongoDatabase())
                        .trackingTokensCollectionName(TOKEN_COLLECTION)
                        .build())
                .serializer(serializer)
                .claimTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Autowired
    void consumeFromKafka(EventProcessingConfigurer processing, MongoDatabaseFactory mongo,
                          @Qualifier("serializer") Serializer serializer, ProjectionProperties properties,
                          StreamableKafkaMessageSource<?, ?> kafkaSource, BatchedViewWrites viewWrites,
                          ParkedEventQueues parkedEvents) {
        TokenStore tokens = tokenStore(mongo, serializer);
        ParkingPolicy parkingPolicy = new ParkingPolicy();
        for (String group : PROCESSING_GROUPS) {
            processing.registerTokenStore(group, configuration -> tokens);
            processing.registerTransactionManager(group, configuration -> NoTransactionManager.instance());
            processing.registerSequencingPolicy(group, configuration -> SequentialPerAggregatePolicy.instance());
            processing.registerDeadLetterQueue(group, configuration -> parkedEvents.of(group));
            processing.registerDeadLetterPolicy(group, configuration -> parkingPolicy);
            processing.registerHandlerInterceptor(group, configuration -> new FlushViewWritesAtBatchEnd(viewWrites,
                    new EventParking(parkedEvents.of(group), configuration.eventProcessingConfiguration().sequencingPolicy(group))));
            processing.registerTrackingEventProcessor(group, configuration -> kafkaSource,
                    configuration -> TrackingEventProcessorConfiguration.forParallelProcessing(properties.segments())
                            .andBatchSize(properties.batchSize()));
        }
    }
}
