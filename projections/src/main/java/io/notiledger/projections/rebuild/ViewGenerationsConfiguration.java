package io.notiledger.projections.rebuild;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/** The views' generations, and the application's MongoTemplate that resolves each view to its live generation. */
@Configuration(proxyBeanMethods = false)
public class ViewGenerationsConfiguration {

    @Bean
    ViewGenerations viewGenerations(MongoDatabaseFactory mongo) {
        return new ViewGenerations(mongo.getMongoDatabase().getCollection(ViewGenerations.COLLECTION));
    }

    /** Replaces Spring Boot's template (which it declares only when there is none), with the same factory and converter. */
    @Bean
    MongoTemplate mongoTemplate(MongoDatabaseFactory mongo, MongoConverter converter, ViewGenerations generations) {
        return new GenerationalMongoTemplate(mongo, converter, generations);
    }
}
