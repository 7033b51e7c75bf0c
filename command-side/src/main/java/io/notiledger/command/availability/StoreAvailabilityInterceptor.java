package io.notiledger.command.availability;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link StoreAvailability} how each command's transaction ended: committed, or rolled back because the
 * store could not take the write. The first such failure of an outage is logged as a warning, once; the
 * store's recovery is logged when the next command commits.
 */
public class StoreAvailabilityInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(StoreAvailabilityInterceptor.class);

    private final StoreAvailability availability;

    public StoreAvailabilityInterceptor(StoreAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        unitOfWork.afterCommit(committed -> {
            if (!availability.available()) {
                log.info("The event store takes writes again");
            }
            availability.committed();
        });
        unitOfWork.onRollback(rolledBack -> {
            Throwable failure = rolledBack.getExecutionResult() == null ? null : rolledBack.getExecutionResult().getExceptionResult();
            if (failure != null && StoreAvailability.isUnavailability(failure)) {
                if (availability.available()) {
                    log.warn("The event store cannot take writes ({}); commands are refused with 503 until it can",
                            StoreAvailability.reasonOf(failure));
                }
                availability.failed(failure);
            }
        });
        return chain.proceed();
    }
}
