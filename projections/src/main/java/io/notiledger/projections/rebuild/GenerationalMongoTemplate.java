package io.notiledger.projections.rebuild;

import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * The application's {@link MongoTemplate}, whose every operation on a view class reads and writes the collection of
 * the view's live generation (or, on a thread that builds a generation, of that one): queries, projections and
 * admin endpoints name the view class, or ask {@link #getCollectionName} for its collection, and need not know
 * about generations.
 */
public class GenerationalMongoTemplate extends MongoTemplate {

    private final ViewGenerations generations;

    public GenerationalMongoTemplate(MongoDatabaseFactory factory, MongoConverter converter, ViewGenerations generations) {
        super(factory, converter);
        this.generations = generations;
    }

    @Override
    public String getCollectionName(Class<?> entityClass) {
        return generations.resolve(super.getCollectionName(entityClass));
    }
}
