package io.notiledger.projections.parking;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoDeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Optional;

/**
 * Decides what an event that a view failed to apply becomes. An event whose content the view cannot take is
 * parked (or stays parked after a retry), counting its failures in the letter's diagnostics. A failure of
 * MongoDB itself is not the event's fault: while a processor handles a batch it is thrown on, so the batch
 * fails and is handled again after MongoDB returns, and parking cannot fill the queue with healthy events.
 * The failure's message is stored masked ({@link CauseMessages}).
 */
public final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String FAILURES = "failures";

    static MetaData failedOnce() {
        return MetaData.with(FAILURES, 1);
    }

    static int failures(DeadLetter<?> letter) {
        Object failures = letter.diagnostics().get(FAILURES);
        return failures instanceof Number number ? number.intValue() : 0;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        boolean inProcessorBatch = CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?>;
        if (inProcessorBatch && MongoFailures.isAboutTheServer(cause)) {
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("MongoDB is unavailable to the views", cause);
        }
        return new Park(CauseMessages.of(cause));
    }

    /**
     * Parks the letter, or keeps it parked, with the masked cause and one more failure counted. The cause travels
     * in the letter rather than as the decision's cause: a decision's cause is wrapped in a new
     * {@code ThrowableCause} by the queue (axon-mongo's requeue does so), which would store "ThrowableCause" as
     * the failure's class.
     */
    private record Park(ThrowableCause cause) implements EnqueueDecision<EventMessage<?>> {

        @Override
        public boolean shouldEnqueue() {
            return true;
        }

        @Override
        public Optional<Throwable> enqueueCause() {
            return Optional.empty();
        }

        @Override
        public DeadLetter<? extends EventMessage<?>> withDiagnostics(DeadLetter<? extends EventMessage<?>> letter) {
            MetaData diagnostics = letter.diagnostics().and(FAILURES, failures(letter) + 1);
            if (letter instanceof MongoDeadLetter<?> stored) {
                return new GenericDeadLetter<EventMessage<?>>(stored.sequenceIdentifier(), letter.message(), cause,
                        letter.enqueuedAt(), letter.lastTouched(), diagnostics);
            }
            // a letter being parked for the first time keeps a ThrowableCause as it is
            return letter.withCause(cause).withDiagnostics(diagnostics);
        }
    }
}
