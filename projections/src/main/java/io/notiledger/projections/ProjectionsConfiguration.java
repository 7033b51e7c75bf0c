package io.notiledger.projections;

import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import org.axonframework.config.EventProcessingConfigurer;
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
                          StreamableKafkaMessageSource<?, ?> kafkaSource) {
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
            processing.registerTrackingEventProcessor(group, configuration -> kafkaSource,
                    configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andBatchSize(properties.batchSize()));
        }
    }
}
