package io.notiledger.projections;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The views' MongoDB writes for the batch of events a processor is handling. They are queued in the
 * batch's unit of work and sent as one ordered bulk write per view when the batch's last event has been
 * handled ({@link FlushViewWritesAtBatchEnd}): one round trip per view and batch instead of one per event.
 * A failed bulk write fails the batch, so its token does not move and the batch is handled again; the
 * views are idempotent, so writes that did land before the failure change nothing the second time.
 * <p>
 * Outside a unit of work (a projection called directly) each write goes to MongoDB at once.
 */
@Component
public class BatchedViewWrites {

    private static final String PENDING = BatchedViewWrites.class.getName() + ".pending";

    private final MongoTemplate mongo;

    public BatchedViewWrites(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void upsert(Class<?> view, Query query, Update update) {
        if (CurrentUnitOfWork.isStarted()) {
            pending(view).upsert(query, update);
        } else {
            mongo.upsert(query, update, view);
        }
    }

    public void updateOne(Class<?> view, Query query, Update update) {
        if (CurrentUnitOfWork.isStarted()) {
            pending(view).updateOne(query, update);
        } else {
            mongo.updateFirst(query, update, view);
        }
    }

    /** Sends the writes the current batch queued, view by view in the order the views first wrote. */
    public void flush() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        Map<Class<?>, BulkOperations> pending = CurrentUnitOfWork.get().root().getResource(PENDING);
        if (pending == null) {
            return;
        }
        try {
            pending.values().forEach(BulkOperations::execute);
        } finally {
            pending.clear();
        }
    }

    private BulkOperations pending(Class<?> view) {
        Map<Class<?>, BulkOperations> pending =
                CurrentUnitOfWork.get().root().getOrComputeResource(PENDING, key -> new LinkedHashMap<>());
        return pending.computeIfAbsent(view, type -> mongo.bulkOps(BulkMode.ORDERED, type));
    }
}
