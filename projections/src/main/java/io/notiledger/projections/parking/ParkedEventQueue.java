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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One processing group's dead-letter queue (stored in MongoDB) as its processor uses it, with these additions:
 * <ul>
 * <li>Events parked while a processor handles a batch are stored only at the batch's end, after the batch's
 * view writes have landed ({@link #storeParkedOfBatch()}), in the order they have in the batch. A batch that
 * fails (MongoDB down while its writes are sent) parks nothing, so its retry cannot park the same events a
 * second time, nor put a notification's events out of order behind it.</li>
 * <li>Parking is idempotent by event id: an event already stored in the group's queue is not stored again
 * (a batch retried after its parked events were stored, but before its token was).</li>
 * <li>Every event parked is logged at WARN (group, event type, notification id and the cause's class; never the
 * event's content) and counted.</li>
 * <li>The processor asks MongoDB which of a batch's notifications have parked events once per batch, not once
 * per event (a look-up per event slowed a view a hundredfold while anything was parked). The answer is read
 * again for every batch, so it holds when segments move between instances.</li>
 * </ul>
 * It reads the queue's stored fields ({@code processingGroup}, {@code sequenceIdentifier}: the keys of
 * axon-mongo's own indexes on the collection, and {@code message.eventIdentifier}).
 */
public final class ParkedEventQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(ParkedEventQueue.class);

    private final String group;
    private final SequencedDeadLetterQueue<EventMessage<?>> stored;
    private final Counter parked;
    private final MongoCollection<Document> collection;
    private final String parkedInBatch;
    private final String lettersOfBatch;

    ParkedEventQueue(String group, SequencedDeadLetterQueue<EventMessage<?>> stored, Counter parked,
                     MongoCollection<Document> collection) {
        this.group = group;
        this.stored = stored;
        this.parked = parked;
        this.collection = collection;
        this.parkedInBatch = ParkedEventQueue.class.getName() + ".parked." + group;
        this.lettersOfBatch = ParkedEventQueue.class.getName() + ".letters." + group;
    }

    /** Inside a processor's batch the letter waits for the batch's end; outside it is stored at once. */
    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        Optional<UnitOfWork<?>> batch = processorBatch();
        if (batch.isPresent()) {
            parkedAmong(batch.get()).add(sequenceIdentifier);
            batch.get().<List<Letter>>getOrComputeResource(lettersOfBatch, key -> new ArrayList<>())
                    .add(new Letter(sequenceIdentifier, letter));
        } else if (!storedEventIds(List.of(sequenceIdentifier)).contains(letter.message().getIdentifier())) {
            store(sequenceIdentifier, letter);
        }
    }

    /**
     * Stores what the current processor batch parked: one letter per event (the one that says why, if any), in
     * the batch's order, leaving out events the queue holds already. Called once the batch's view writes have
     * landed and before its token is stored.
     */
    public void storeParkedOfBatch() {
        Optional<UnitOfWork<?>> batch = processorBatch();
        List<Letter> letters = batch.map(unitOfWork -> unitOfWork.<List<Letter>>getResource(lettersOfBatch)).orElse(null);
        if (letters == null || letters.isEmpty()) {
            return;
        }
        Map<String, Integer> positions = new HashMap<>();
        List<?> messages = ((BatchingUnitOfWork<?>) batch.get()).getMessages();
        for (int i = 0; i < messages.size(); i++) {
            positions.putIfAbsent(((EventMessage<?>) messages.get(i)).getIdentifier(), i);
        }
        Map<String, Letter> byEvent = new LinkedHashMap<>();
        for (Letter letter : letters) {
            byEvent.merge(letter.eventId(), letter, (first, later) ->
                    first.letter().cause().isEmpty() && later.letter().cause().isPresent() ? later : first);
        }
        List<Letter> inOrder = byEvent.values().stream()
                .sorted(Comparator.comparingInt(letter -> positions.getOrDefault(letter.eventId(), Integer.MAX_VALUE)))
                .toList();
        Set<String> storedAlready = storedEventIds(inOrder.stream().map(Letter::sequence).distinct().toList());
        for (Letter letter : inOrder) {
            if (!storedAlready.contains(letter.eventId())) {
                store(letter.sequence(), letter.letter());
            }
        }
        letters.clear();
    }

    private void store(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        stored.enqueue(sequenceIdentifier, letter);
        parked.increment();
        EventMessage<?> event = letter.message();
        log.warn("Parked {} event {} of notification {} in {}: {}", event.getPayloadType().getSimpleName(),
                event.getIdentifier(), event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : sequenceIdentifier,
                group, letter.cause().map(Cause::type).orElse("an earlier event of the notification is parked"));
    }

    /** The ids of the events the group's queue holds for these notifications. */
    private Set<String> storedEventIds(Collection<Object> sequenceIdentifiers) {
        Set<String> ids = new HashSet<>();
        collection.distinct("message.eventIdentifier", Filters.and(Filters.eq("processingGroup", group),
                Filters.in("sequenceIdentifier", sequenceIdentifiers.stream().map(String::valueOf).toList())), String.class)
                .into(ids);
        return ids;
    }

    private record Letter(Object sequence, DeadLetter<? extends EventMessage<?>> letter) {

        String eventId() {
            return letter.message().getIdentifier();
        }
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
