package io.notiledger.projections.parking;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

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
        return Decisions.enqueue(CauseMessages.of(cause), failed -> failed.diagnostics().and(FAILURES, failures(failed) + 1));
    }
}
