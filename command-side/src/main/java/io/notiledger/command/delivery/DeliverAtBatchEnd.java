package io.notiledger.command.delivery;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Delivers the attempts the delivery processor's batch queued once its last event has been handled: inside the
 * batch, before the processor stores its token, so a failure of the ledger fails the batch and its events are
 * handled again. An event handled on its own is delivered at once.
 */
public class DeliverAtBatchEnd implements MessageHandlerInterceptor<EventMessage<?>> {

    private final DeliveryProcessor delivery;

    public DeliverAtBatchEnd(DeliveryProcessor delivery) {
        this.delivery = delivery;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            delivery.deliverQueued();
        }
        return result;
    }
}
