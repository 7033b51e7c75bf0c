package io.notiledger.projections;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.notiledger.projections.parking.EventParking;
import io.notiledger.projections.parking.MongoFailures;
import io.notiledger.projections.rebuild.ViewGenerations;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.QueryMapper;
import org.springframework.data.mongodb.core.convert.UpdateMapper;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The views' MongoDB writes for the batch of events a processor is handling. They are queued in the
 * batch's unit of work and sent as one ordered bulk write per view when the batch's last event has been
 * handled ({@link FlushViewWritesAtBatchEnd}): one round trip per view and batch instead of one per event.
 * <p>
 * A write to the document the same view's latest queued write addresses is folded into that write when
 * {@link UpdateFold} can make one update of the two (a notification's status changes in one batch, the
 * counters of one minute): each document is written once per batch, and MongoDB re-writes it once.
 * Writes are sent in {@link Step}s, each step's writes after the earlier step's have landed, so a view
 * can order writes to different documents (an increment before the mark that guards it).
 * <p>
 * Each write is mapped and encoded to BSON when its event is handled, so a value the view cannot store
 * (an instant out of the range of a BSON date, say) fails that event's handler, where the processor's
 * dead-letter queue parks that event alone. A bulk write MongoDB refuses for one document (a unique index,
 * a document grown too large) is written again one event's write at a time (a folded write unfolded): the
 * event whose write is refused, and the batch's later events of its notification, are parked, and everybody
 * else's writes land. A failure of the server itself (unreachable, refusing every write) fails the batch, so
 * its token does not move and the batch is handled again; the views are idempotent, so writes that did land
 * change nothing the second time.
 * <p>
 * Outside a unit of work (a projection called directly) each write goes to MongoDB at once.
 * <p>
 * Before a batch's writes are sent, {@link ViewGenerations#checkLiveWrites} makes sure they go to the generation of
 * each view that is live right now (a rebuild may just have switched, or be taking over): if not, the batch fails
 * unwritten and its processor handles it again.
 */
@Component
public class BatchedViewWrites {

    /** When a write is sent within its batch: every write of a step lands before the next step's are sent. */
    public enum Step { FIRST, SECOND, THIRD }

    private static final String PENDING = BatchedViewWrites.class.getName() + ".pending";
    private static final BulkWriteOptions IN_ORDER = new BulkWriteOptions().ordered(true);

    private final MongoTemplate mongo;
    private final QueryMapper queryMapper;
    private final UpdateMapper updateMapper;
    private final MappingContext<? extends MongoPersistentEntity<?>, MongoPersistentProperty> mappingContext;
    private final Codec<Document> codec;
    private final ViewGenerations generations;

    /** Writes checked by nobody against the views' generations: for a projection tested on its own. */
    public BatchedViewWrites(MongoTemplate mongo) {
        this(mongo, null);
    }

    @Autowired
    public BatchedViewWrites(MongoTemplate mongo, ViewGenerations generations) {
        this.mongo = mongo;
        this.generations = generations;
        this.queryMapper = new QueryMapper(mongo.getConverter());
        this.updateMapper = new UpdateMapper(mongo.getConverter());
        this.mappingContext = mongo.getConverter().getMappingContext();
        this.codec = mongo.getDb().getCodecRegistry().get(Document.class);
    }

    public void upsert(Class<?> view, Query query, Update update) {
        write(Step.FIRST, view, query, update, true);
    }

    public void updateOne(Class<?> view, Query query, Update update) {
        write(Step.FIRST, view, query, update, false);
    }

    public void upsert(Step step, Class<?> view, Query query, Update update) {
        write(step, view, query, update, true);
    }

    public void updateOne(Step step, Class<?> view, Query query, Update update) {
        write(step, view, query, update, false);
    }

    private void write(Step step, Class<?> view, Query query, Update update, boolean upsert) {
        MongoPersistentEntity<?> entity = mappingContext.getPersistentEntity(view);
        Document filter = queryMapper.getMappedObject(query.getQueryObject(), entity);
        Document mappedUpdate = updateMapper.getMappedObject(update.getUpdateObject(), entity);
        UpdateOneModel<Document> model = new UpdateOneModel<>(encoded(filter), encoded(mappedUpdate),
                new UpdateOptions().upsert(upsert));
        String collection = mongo.getCollectionName(view);
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            Pending pending = unitOfWork.root().getOrComputeResource(PENDING, key -> new Pending());
            // only event handlers write views
            pending.add(new Key(step, collection, filter), mappedUpdate, upsert,
                    new ViewWrite(collection, model, (EventMessage<?>) unitOfWork.getMessage()));
        } else {
            mongo.getCollection(collection).updateOne(model.getFilter(), model.getUpdate(), model.getOptions());
        }
    }

    /** Encoding here, not when the batch is sent, makes a value BSON cannot hold fail its own event. */
    private RawBsonDocument encoded(Document document) {
        return new RawBsonDocument(document, codec);
    }

    /**
     * Sends the writes the current batch queued, step by step, and in each step view by view in the order the
     * views first wrote. With {@code parking} (a processor's batch) a write refused for its document parks its
     * event; without it (one event handled on its own, a parked event retried) any failure is thrown.
     */
    public void flush(EventParking parking) {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Pending pending = batch.getResource(PENDING);
        if (pending == null || pending.writes.isEmpty()) {
            return;
        }
        try {
            if (generations != null) {
                generations.checkLiveWrites(pending.writes.stream().map(write -> write.key.collection()).distinct().toList());
            }
            Map<Object, RefusedWrite> refused = new HashMap<>();
            for (Step step : Step.values()) {
                Map<String, List<FoldedWrite>> byView = new LinkedHashMap<>();
                pending.writes.stream().filter(write -> write.key.step() == step).forEach(write ->
                        byView.computeIfAbsent(write.key.collection(), key -> new ArrayList<>()).add(write));
                byView.forEach((collection, writes) -> send(collection, writes, parking, refused));
            }
            if (!refused.isEmpty()) {
                parkRefused(batch, parking, refused);
            }
        } finally {
            pending.clear();
        }
    }

    private void send(String collection, List<FoldedWrite> writes, EventParking parking, Map<Object, RefusedWrite> refused) {
        List<FoldedWrite> oneByOne = writes;
        if (refused.isEmpty()) {
            try {
                mongo.getCollection(collection).bulkWrite(writes.stream().map(this::model).toList(), IN_ORDER);
                return;
            } catch (MongoBulkWriteException e) {
                if (parking == null || !MongoFailures.isAboutTheDocument(e)) {
                    throw e;
                }
                // an ordered bulk write stops at its first refused write: the ones before it have landed
                oneByOne = writes.subList(e.getWriteErrors().get(0).getIndex(), writes.size());
            }
        }
        for (ViewWrite write : oneByOne.stream().flatMap(folded -> folded.parts.stream()).toList()) {
            Object sequence = parking.sequenceOf(write.event());
            if (refused.containsKey(sequence)) {
                continue;
            }
            try {
                mongo.getCollection(collection).updateOne(write.model().getFilter(), write.model().getUpdate(),
                        write.model().getOptions());
            } catch (RuntimeException e) {
                if (!MongoFailures.isAboutTheDocument(e)) {
                    throw e;
                }
                refused.put(sequence, new RefusedWrite(write.event(), e));
            }
        }
    }

    /** A write of one event as it was queued; a folded write is encoded again, once, when it is sent. */
    private UpdateOneModel<Document> model(FoldedWrite write) {
        UpdateOneModel<Document> first = write.parts.get(0).model();
        return write.parts.size() == 1 ? first
                : new UpdateOneModel<>(first.getFilter(), encoded(write.update), new UpdateOptions().upsert(write.upsert));
    }

    /**
     * Parks each refused event and the batch's later events of the same notification. Some of those may have
     * been parked by their handlers already: the queue keeps one letter per event, in the batch's order.
     */
    private static void parkRefused(UnitOfWork<?> batch, EventParking parking, Map<Object, RefusedWrite> refused) {
        List<?> messages = batch instanceof BatchingUnitOfWork<?> batching ? batching.getMessages() : List.of(batch.getMessage());
        Map<Object, Boolean> reached = new HashMap<>();
        for (Object item : messages) {
            EventMessage<?> event = (EventMessage<?>) item;
            Object sequence = parking.sequenceOf(event);
            RefusedWrite write = refused.get(sequence);
            if (write == null) {
                continue;
            }
            if (write.event().getIdentifier().equals(event.getIdentifier())) {
                reached.put(sequence, true);
                parking.park(event, write.cause());
            } else if (reached.getOrDefault(sequence, false)) {
                parking.park(event, null);
            }
        }
    }

    private record ViewWrite(String collection, UpdateOneModel<Document> model, EventMessage<?> event) {
    }

    /** The document a write addresses, in its step and view. */
    private record Key(Step step, String collection, Document filter) {
    }

    /** One write to send: the writes of one or more events, folded into one update. */
    private static final class FoldedWrite {
        private final Key key;
        private final List<ViewWrite> parts = new ArrayList<>();
        private Document update;
        private boolean upsert;

        private FoldedWrite(Key key, Document update, boolean upsert, ViewWrite first) {
            this.key = key;
            this.update = update;
            this.upsert = upsert;
            parts.add(first);
        }

        private boolean fold(Document later, boolean laterUpserts, ViewWrite part) {
            Optional<Document> folded = UpdateFold.fold(update, upsert, later, laterUpserts);
            folded.ifPresent(both -> {
                update = both;
                upsert = upsert || laterUpserts;
                parts.add(part);
            });
            return folded.isPresent();
        }
    }

    /** The batch's writes in the order they were queued, and the latest one of each document. */
    private static final class Pending {
        private final List<FoldedWrite> writes = new ArrayList<>();
        private final Map<Key, FoldedWrite> latest = new HashMap<>();

        private void add(Key key, Document update, boolean upsert, ViewWrite write) {
            FoldedWrite last = latest.get(key);
            if (last != null && last.fold(update, upsert, write)) {
                return;
            }
            FoldedWrite next = new FoldedWrite(key, update, upsert, write);
            writes.add(next);
            latest.put(key, next);
        }

        private void clear() {
            writes.clear();
            latest.clear();
        }
    }

    private record RefusedWrite(EventMessage<?> event, RuntimeException cause) {
    }
}
