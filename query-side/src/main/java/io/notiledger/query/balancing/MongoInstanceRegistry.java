package io.notiledger.query.balancing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.notiledger.operations.balancing.InstanceRegistry;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/** The query side's instances in MongoDB (collection {@value #COLLECTION}), next to the views' tokens. */
public class MongoInstanceRegistry implements InstanceRegistry {

    static final String COLLECTION = "ledger_instances";

    private final MongoCollection<Document> instances;

    public MongoInstanceRegistry(MongoCollection<Document> instances) {
        this.instances = instances;
    }

    @Override
    public void heartbeat(String instance, Instant now) {
        instances.updateOne(Filters.eq("_id", instance), Updates.set("seenAt", Date.from(now)),
                new UpdateOptions().upsert(true));
    }

    @Override
    public int liveSince(Instant since) {
        return (int) instances.countDocuments(Filters.gte("seenAt", Date.from(since)));
    }
}
