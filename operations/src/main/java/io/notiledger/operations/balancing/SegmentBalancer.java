package io.notiledger.operations.balancing;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the segments of a side's streaming processors over its live instances. Without Axon Server nothing
 * balances token claims: the instance that starts first claims every segment and keeps them. So every
 * {@code interval} each instance says it is alive ({@link InstanceRegistry}), and releases, for a while, the
 * segments it holds beyond its fair share ({@code ceil(segments / live instances)}) so that another instance
 * claims them. When an instance dies, its heartbeat ages out, the survivors' fair share grows, and they claim its
 * segments once its claims time out. Nothing is released while an instance is alone.
 */
public final class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final InstanceRegistry registry;
    private final EventProcessingConfiguration processing;
    private final Collection<String> processors;
    private final BalancingProperties properties;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private ScheduledExecutorService timer;

    public SegmentBalancer(InstanceRegistry registry, EventProcessingConfiguration processing,
                           Collection<String> processors, BalancingProperties properties) {
        this.registry = registry;
        this.processing = processing;
        this.processors = List.copyOf(processors);
        this.properties = properties;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.interval().toMillis();
        timer.scheduleWithFixedDelay(this::balanceQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** After the processors started, before them when stopping. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            // the store may be unreachable for a while; the processors report that themselves
            log.debug("Segment balancing skipped: {}", e.toString());
        }
    }

    void balance() {
        Instant now = Instant.now();
        registry.heartbeat(instance, now);
        int live = Math.max(1, registry.liveSince(now.minus(properties.instanceTimeout())));
        for (String name : processors) {
            processing.eventProcessor(name, StreamingEventProcessor.class)
                    .ifPresent(processor -> balance(name, processor, live));
        }
    }

    private void balance(String name, StreamingEventProcessor processor, int live) {
        TokenStore tokens = processing.tokenStore(name);
        int segments = tokens.fetchSegments(name).length;
        int fairShare = (segments + live - 1) / live;
        List<Integer> claimed = processor.processingStatus().keySet().stream().sorted().toList();
        Duration hold = properties.releaseFor();
        for (int i = fairShare; i < claimed.size(); i++) {
            int segment = claimed.get(i);
            log.info("Releasing segment {} of {} for {}: {} live instances share {} segments", segment, name, hold, live,
                    segments);
            processor.releaseSegment(segment, hold.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
