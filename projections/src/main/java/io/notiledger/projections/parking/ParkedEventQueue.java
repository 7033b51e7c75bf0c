package io.notiledger.projections.parking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Counter;
import org.bson.Document;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One processing group's dead-letter queue (stored in MongoDB) as its processor uses it, with two additions:
 * every event parked is logged at WARN (group, event type, notification id and the cause's class; never the
 * event's content) and counted; and the processor asks MongoDB which of a batch's notifications have
 * parked events once per batch, not once per event (a look-up per event slowed a view a hundredfold while
 * anything was parked). The answer is read again for every batch, so it holds when segments move between
 * instances. It reads the queue's stored fields ({@code processingGroup}, {@code sequenceIdentifier}: the
 * keys of axon-mongo's own indexes on the collection).
 */
final class ParkedEventQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(ParkedEventQueue.class);

    private final String group;
    private final SequencedDeadLetterQueue<EventMessage<?>> stored;
    private final Counter parked;
    private final MongoCollection<Document> collection;
    private final String parkedInBatch;

    ParkedEventQueue(String group, SequencedDeadLetterQueue<EventMessage<?>> stored, Counter parked,
                     MongoCollection<Document> collection) {
        this.group = group;
        this.stored = stored;
        this.parked = parked;
        this.collection = collection;
        this.parkedInBatch = ParkedEventQueue.class.getName() + ".parked." + group;
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        stored.enqueue(sequenceIdentifier, letter);
        processorBatch().ifPresent(batch -> parkedAmong(batch).add(sequenceIdentifier));
        parked.increment();
        EventMessage<?> event = letter.message();
        log.warn("Parked {} event {} of notification {} in {}: {}", event.getPayloadType().getSimpleName(),
                event.getIdentifier(), event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : sequenceIdentifier,
                group, letter.cause().map(Cause::type).orElse("an earlier event of the notification is parked"));
    }

    @Override
    public boolean enqueueIfPresent(Object sequenceIdentifier, Supplier<DeadLetter<? extends EventMessage<?>>> letterBuilder) {
        boolean present = processorBatch().map(batch -> parkedAmong(batch).contains(sequenceIdentifier))
                .orElseGet(() -> stored.contains(sequenceIdentifier));
        if (!present) {
            return false;
        }
        enqueue(sequenceIdentifier, letterBuilder.get());
        return true;
    }

    /** Which of the batch's notifications have parked events, read on first use in the batch. */
    private Set<Object> parkedAmong(UnitOfWork<?> batch) {
        return batch.getOrComputeResource(parkedInBatch, key -> {
            Set<Object> parkedNow = new HashSet<>();
            if (stored.size() == 0) {
                return parkedNow;
            }
            List<String> notifications = ((BatchingUnitOfWork<?>) batch).getMessages().stream()
                    .filter(DomainEventMessage.class::isInstance)
                    .map(message -> ((DomainEventMessage<?>) message).getAggregateIdentifier())
                    .distinct().toList();
            collection.distinct("sequenceIdentifier", Filters.and(Filters.eq("processingGroup", group),
                    Filters.in("sequenceIdentifier", notifications)), String.class).into(parkedNow);
            return parkedNow;
        });
    }

    private static Optional<UnitOfWork<?>> processorBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root instanceof BatchingUnitOfWork<?> ? Optional.of(root) : Optional.empty();
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        stored.evict(letter);
    }

    @Override
    public void requeue(DeadLetter<? extends EventMessage<?>> letter,
                        UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater) {
        stored.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return stored.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        return stored.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return stored.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return stored.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return stored.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return stored.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return stored.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return stored.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        stored.clear();
    }
}
