package io.notiledger.operations.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * How far behind an event processor is: for each event it handles, the time since the event happened
 * ({@value #NAME}, tag {@code processor}). For a view fed from Kafka this is the projection lag a reader sees;
 * for the delivery processor the wait of a queued notification; during a replay it is as large as the replay is
 * behind.
 */
public final class ProcessorLag implements MessageHandlerInterceptor<EventMessage<?>> {

    public static final String NAME = "ledger.processor.lag";

    private final Timer lag;

    public ProcessorLag(MeterRegistry registry, String processor) {
        this.lag = LatencyTimers.timer(NAME, "Time from an event's timestamp to its handling by the processor")
                .tag("processor", processor).register(registry);
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        lag.record(LatencyTimers.since(unitOfWork.getMessage().getTimestamp()));
        return chain.proceed();
    }
}
