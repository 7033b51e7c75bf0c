package io.notiledger.query.balancing;

import io.notiledger.operations.balancing.BalancingProperties;
import io.notiledger.operations.balancing.SegmentBalancer;
import io.notiledger.projections.ProjectionsConfiguration;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/** Several query sides share each view's segments (their tokens are in MongoDB). */
@Configuration(proxyBeanMethods = false)
public class QuerySideBalancing {

    @Bean
    SegmentBalancer querySideSegmentBalancer(MongoDatabaseFactory mongo, EventProcessingConfiguration processing,
                                             BalancingProperties properties) {
        return new SegmentBalancer(
                new MongoInstanceRegistry(mongo.getMongoDatabase().getCollection(MongoInstanceRegistry.COLLECTION)),
                processing, ProjectionsConfiguration.PROCESSING_GROUPS, properties);
    }
}
