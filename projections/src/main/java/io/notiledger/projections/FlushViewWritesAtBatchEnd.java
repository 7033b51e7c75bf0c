package io.notiledger.projections;

import io.notiledger.projections.parking.EventParking;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Sends a view processor's {@link BatchedViewWrites} once the last event of its batch has been handled.
 * It runs inside the batch, before the processor stores its token (the projections' processors store
 * their token after processing), so a write that fails fails the batch and the token stays where it was;
 * a write refused for its document parks its event in the group's dead-letter queue instead. What the batch
 * parked (in its handlers or here) is stored after the writes have landed, so a failed batch parks nothing. A parked
 * event being retried is one event in its own unit of work: its writes are sent at once and a failure
 * leaves it parked. Without parking (a rebuild's processor) any failed write fails the batch.
 */
public class FlushViewWritesAtBatchEnd implements MessageHandlerInterceptor<EventMessage<?>> {

    private final BatchedViewWrites writes;
    private final EventParking parking;

    public FlushViewWritesAtBatchEnd(BatchedViewWrites writes, EventParking parking) {
        this.writes = writes;
        this.parking = parking;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch)) {
            writes.flush(null);
        } else if (batch.isLastMessage()) {
            writes.flush(parking);
            if (parking != null) {
                parking.storeParkedOfBatch();
            }
        }
        return result;
    }
}
