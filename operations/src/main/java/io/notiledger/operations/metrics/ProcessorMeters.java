package io.notiledger.operations.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Each event processor's state as gauges, tag {@code processor}: {@value #RUNNING} (1 when running),
 * {@value #ERROR} (1 while it backs off after an error) and, for streaming processors, {@value #CLAIMED} (the
 * segments this instance holds; summed over the instances it is the processor's segment count, unless a segment
 * is unclaimed). Registered once the application is ready, when Axon has built its processors.
 */
public final class ProcessorMeters implements ApplicationListener<ApplicationReadyEvent> {

    public static final String RUNNING = "ledger.processor.running";
    public static final String ERROR = "ledger.processor.error";
    public static final String CLAIMED = "ledger.processor.segments.claimed";

    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;

    public ProcessorMeters(EventProcessingConfiguration processing, MeterRegistry registry) {
        this.processing = processing;
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        processing.eventProcessors().forEach(this::register);
    }

    private void register(String name, EventProcessor processor) {
        Gauge.builder(RUNNING, processor, p -> p.isRunning() ? 1 : 0).tag("processor", name)
                .description("1 while the event processor runs").register(registry);
        Gauge.builder(ERROR, processor, p -> p.isError() ? 1 : 0).tag("processor", name)
                .description("1 while the event processor backs off after an error").register(registry);
        if (processor instanceof StreamingEventProcessor streaming) {
            Gauge.builder(CLAIMED, streaming, p -> p.processingStatus().size()).tag("processor", name)
                    .description("Segments of the processor this instance has claimed").register(registry);
        }
    }
}
