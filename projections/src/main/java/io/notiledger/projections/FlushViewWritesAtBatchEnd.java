package io.notiledger.projections;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Sends a view processor's {@link BatchedViewWrites} once the last event of its batch has been handled.
 * It runs inside the batch, before the processor stores its token (the projections' processors store
 * their token after processing), so a write that fails fails the batch and the token stays where it was.
 */
public class FlushViewWritesAtBatchEnd implements MessageHandlerInterceptor<EventMessage<?>> {

    private final BatchedViewWrites writes;

    public FlushViewWritesAtBatchEnd(BatchedViewWrites writes) {
        this.writes = writes;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            writes.flush();
        }
        return result;
    }
}
