package io.notiledger.projections.rebuild;

import com.mongodb.client.model.Filters;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.FlushViewWritesAtBatchEnd;
import io.notiledger.projections.ViewIndexes;
import io.notiledger.projections.ViewProcessors;
import io.notiledger.projections.lag.TopicEnd;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One view's blue/green rebuild into generation {@code generation}, on a thread of its own:
 * <ol>
 * <li>the generation's collections are made empty, with the view's indexes;</li>
 * <li>a tracking processor of its own ({@code <view>-rebuild-<generation>}) reads the events topic from its start
 * with the view's projection, the views' token store and {@link FlushViewWritesAtBatchEnd}; its thread writes the
 * new generation ({@link ViewGenerations.Building}), while the live processors keep writing the live one;</li>
 * <li>once it has reached the topic's end, the view hands over: from then on the live processors' batches fail
 * unwritten (every instance reads the phase afresh at each batch's end), so their tokens stop; the topic's end is
 * measured again, after that, and the rebuild processor applies everything up to it, which covers every event any
 * live processor has applied;</li>
 * <li>the rebuild processor stops, and one write makes the new generation live for reads and for the live
 * processors, which go on from their tokens: the events between their tokens and the rebuild's end are applied
 * again, in order and by one writer, and change nothing (the views are idempotent by sequence);</li>
 * <li>the old generation's collections are dropped once every instance reads the new one.</li>
 * </ol>
 * So no event is lost or counted twice across the switch. A hand-over lasts seconds; one that does not finish in
 * {@link #HANDOVER_LIMIT} returns to building (the live processors resume) and is tried again. An event the rebuilt
 * view cannot apply is not parked (the live view's parked events are the operator's): the rebuild stops there,
 * retrying, and `views status` shows it not advancing; the live view serves meanwhile.
 */
class ViewRebuild implements Runnable {

    static final Duration HANDOVER_LIMIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DROP_AFTER_SWITCH = ViewGenerations.CACHE.multipliedBy(5);
    private static final Logger log = LoggerFactory.getLogger(ViewRebuild.class);

    private final Parts parts;
    private final String view;
    private final int generation;
    private final String processorName;

    /** What every rebuild uses, as the application declares it. */
    record Parts(ViewGenerations generations, MongoTemplate mongo, TokenStore tokens,
                 StreamableKafkaMessageSource<?, ?> kafkaSource, Configuration axon, BatchedViewWrites writes,
                 TopicEnd topicEnd, ViewIndexes indexes, int batchSize, Map<String, Object> projections) {
    }

    ViewRebuild(Parts parts, String view, int generation) {
        this.parts = parts;
        this.view = view;
        this.generation = generation;
        this.processorName = view + "-rebuild-" + generation;
    }

    @Override
    public void run() {
        TrackingEventProcessor processor = null;
        try {
            prepare();
            processor = processor();
            processor.start();
            Progress progress = new Progress();
            while (!switched(processor, progress)) {
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(processor, "the instance running the rebuild stopped");
            return;
        } catch (RuntimeException e) {
            log.warn("The rebuild of view {} failed ({}); the live generation stays", view, e.getClass().getSimpleName());
            end(processor, "the rebuild failed: " + e.getClass().getSimpleName());
            return;
        }
        log.info("View {} rebuilt: generation {} is live", view, generation);
        dropOldGeneration();
    }

    /**
     * The rebuild's token, and the old generation once every instance reads the new one; an instance stopping
     * meanwhile leaves the old collections.
     */
    private void dropOldGeneration() {
        try {
            parts.mongo().getCollection(ViewProcessors.TOKEN_COLLECTION).deleteMany(Filters.eq("processorName", processorName));
            TimeUnit.MILLISECONDS.sleep(DROP_AFTER_SWITCH.toMillis());
            dropCollections(generation - 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("View {}: generation {} is live; the collections of generation {} were left, drop them by hand",
                    view, generation, generation - 1);
        } catch (RuntimeException e) {
            log.warn("View {}: generation {} is live; the collections of generation {} could not be dropped ({})",
                    view, generation, generation - 1, e.getClass().getSimpleName());
        }
    }

    /** Gives a claimed rebuild up before it ran. */
    void release() {
        parts.generations().abandon(view, null);
    }

    private void end(TrackingEventProcessor processor, String error) {
        if (processor != null) {
            processor.shutDown();
        }
        parts.generations().abandon(view, error);
        dropCollections(generation);
    }

    /** Empty collections for the generation (a rebuild given up may have left some) and no token of an earlier try. */
    private void prepare() {
        dropCollections(generation);
        parts.mongo().getCollection(ViewProcessors.TOKEN_COLLECTION).deleteMany(Filters.eq("processorName", processorName));
        onThisThreadBuilding(() -> parts.indexes().create());
    }

    private void dropCollections(int droppedGeneration) {
        for (String base : ViewGenerations.COLLECTIONS_BY_VIEW.get(view)) {
            String collection = ViewGenerations.collectionName(base, droppedGeneration);
            if (parts.mongo().collectionExists(collection)) {
                parts.mongo().getCollection(collection).drop();
            }
        }
        if (droppedGeneration == generation) {
            parts.mongo().getCollection(ViewProcessors.TOKEN_COLLECTION).deleteMany(Filters.eq("processorName", processorName));
        }
    }

    private void onThisThreadBuilding(Runnable work) {
        ViewGenerations.buildOnThisThread(new ViewGenerations.Building(view, generation));
        try {
            work.run();
        } finally {
            ViewGenerations.buildOnThisThread(null);
        }
    }

    private TrackingEventProcessor processor() {
        Object projection = parts.projections().get(view);
        ViewGenerations.Building building = new ViewGenerations.Building(view, generation);
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(processorName)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(projection)
                        .parameterResolverFactory(parts.axon().parameterResolverFactory())
                        .handlerDefinition(parts.axon().handlerDefinition(projection.getClass()))
                        .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                        // an event the new generation cannot apply stops the rebuild rather than being left out
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                        .build())
                .messageSource(parts.kafkaSource())
                .tokenStore(parts.tokens())
                .transactionManager(NoTransactionManager.instance())
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(parts.batchSize())
                        .andThreadFactory(name -> runnable -> new Thread(() -> {
                            ViewGenerations.buildOnThisThread(building);
                            runnable.run();
                        }, name)))
                .build();
        processor.registerHandlerInterceptor(new FlushViewWritesAtBatchEnd(parts.writes(), null));
        return processor;
    }

    /** One look at the rebuild: progress shown, and the hand-over and switch once it has caught up. */
    private boolean switched(TrackingEventProcessor processor, Progress progress) throws InterruptedException {
        Map<TopicPartition, Long> end = parts.topicEnd().offsets();
        Map<TopicPartition, Long> handled = handled(processor);
        long done = eventsIn(handled);
        parts.generations().progress(view, done, Math.max(eventsIn(end), done), progress.rate(done));
        if (!reached(handled, end)) {
            return false;
        }
        parts.generations().handOver(view);
        long handingOverSince = System.nanoTime();
        // every live batch that wrote has its events in the topic by now: this end covers them all
        Map<TopicPartition, Long> covering = parts.topicEnd().offsets();
        Map<TopicPartition, Long> last = handled(processor);
        while (!reached(last, covering)) {
            if (System.nanoTime() - handingOverSince > HANDOVER_LIMIT.toNanos()) {
                parts.generations().buildAgain(view);
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis() / 5);
            last = handled(processor);
        }
        processor.shutDown();
        long applied = eventsIn(last);
        parts.generations().progress(view, applied, Math.max(applied, eventsIn(covering)), progress.rate(applied));
        // the last step that may fail the rebuild: once the switch is written, the new generation stays live
        parts.generations().switchTo(view, generation);
        return true;
    }

    /** Per partition the offset after the last record the processor handled. */
    private static Map<TopicPartition, Long> handled(TrackingEventProcessor processor) {
        Map<TopicPartition, Long> handled = new HashMap<>();
        for (EventTrackerStatus segment : processor.processingStatus().values()) {
            if (segment.getTrackingToken() != null) {
                KafkaTrackingToken.from(WrappedToken.unwrapLowerBound(segment.getTrackingToken())).getPositions()
                        .forEach((partition, offset) -> handled.merge(partition, offset + 1, Math::max));
            }
        }
        return handled;
    }

    private static boolean reached(Map<TopicPartition, Long> handled, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> partition.getValue() == 0
                || handled.getOrDefault(partition.getKey(), 0L) >= partition.getValue());
    }

    static long eventsIn(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Events per second since the previous look. */
    private static final class Progress {
        private long lastDone;
        private long lastAt = System.nanoTime();
        private double rate;

        double rate(long done) {
            long now = System.nanoTime();
            if (now - lastAt >= TimeUnit.MILLISECONDS.toNanos(250)) {
                rate = (done - lastDone) * 1e9 / (now - lastAt);
                lastDone = done;
                lastAt = now;
            }
            return rate;
        }
    }
}
