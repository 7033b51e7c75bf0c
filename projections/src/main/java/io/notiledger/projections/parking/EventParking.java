package io.notiledger.projections.parking;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;

/**
 * Parks events of one processing group in its dead-letter queue from outside the event handlers (the view
 * writes sent at the end of a batch), under the same sequence identifier the group's processor uses, so
 * that the processor parks the notification's later events behind them.
 */
public final class EventParking {

    private final ParkedEventQueue queue;
    private final SequencingPolicy<? super EventMessage<?>> sequencing;

    public EventParking(ParkedEventQueue queue, SequencingPolicy<? super EventMessage<?>> sequencing) {
        this.queue = queue;
        this.sequencing = sequencing;
    }

    public Object sequenceOf(EventMessage<?> event) {
        Object sequence = sequencing.getSequenceIdentifierFor(event);
        return sequence == null ? event.getIdentifier() : sequence;
    }

    /** Parks the event; {@code cause} is null for an event parked only because an earlier one of its sequence is. */
    public void park(EventMessage<?> event, Throwable cause) {
        Object sequence = sequenceOf(event);
        GenericDeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>(sequence, event);
        queue.enqueue(sequence, cause == null ? letter
                : letter.withCause(CauseMessages.of(cause)).withDiagnostics(ParkingPolicy.failedOnce()));
    }

    /** Stores what the current batch parked, once its view writes have landed (see {@link ParkedEventQueue}). */
    public void storeParkedOfBatch() {
        queue.storeParkedOfBatch();
    }
}
