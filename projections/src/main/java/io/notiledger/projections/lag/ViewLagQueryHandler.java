package io.notiledger.projections.lag;

import io.notiledger.api.query.FetchViewLagQuery;
import io.notiledger.api.query.ViewLagResponse;
import io.notiledger.api.query.ViewLagResponse.ProcessorLag;
import io.notiledger.projections.ViewProcessors;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far each view's processor is behind the events topic: the records past each partition's position in the
 * processor's token, added up. Only the segments this instance holds are seen; with none, the lag is unknown here.
 */
@Component
public class ViewLagQueryHandler {

    private static final Logger log = LoggerFactory.getLogger(ViewLagQueryHandler.class);

    private final EventProcessingConfiguration processing;
    private final TopicEnd topicEnd;

    public ViewLagQueryHandler(EventProcessingConfiguration processing, TopicEnd topicEnd) {
        this.processing = processing;
        this.topicEnd = topicEnd;
    }

    @QueryHandler
    public ViewLagResponse handle(FetchViewLagQuery query) {
        Map<TopicPartition, Long> end = endOffsets();
        List<ProcessorLag> lags = ViewProcessors.PROCESSING_GROUPS.stream()
                .map(group -> lagOf(group, end))
                .toList();
        return new ViewLagResponse(Instant.now(), lags);
    }

    private Map<TopicPartition, Long> endOffsets() {
        try {
            return topicEnd.offsets();
        } catch (KafkaException e) {
            log.warn("The events topic's end offsets could not be read ({}); the views' lag is unknown", e.getClass().getSimpleName());
            return null;
        }
    }

    private ProcessorLag lagOf(String group, Map<TopicPartition, Long> end) {
        Optional<TrackingEventProcessor> processor = processing.eventProcessor(group, TrackingEventProcessor.class);
        Collection<EventTrackerStatus> segments = processor.map(p -> p.processingStatus().values()).orElse(List.of());
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp);
        boolean replaying = segments.stream().anyMatch(EventTrackerStatus::isReplaying);
        return new ProcessorLag(group, behind(segments, end), caughtUp, replaying);
    }

    /**
     * A Kafka token holds the offset of the last record handled per partition (none yet: absent); with several
     * segments each holds its own partitions' positions, so the furthest position per partition counts.
     */
    private static Long behind(Collection<EventTrackerStatus> segments, Map<TopicPartition, Long> end) {
        if (end == null || segments.isEmpty()) {
            return null;
        }
        Map<TopicPartition, Long> handled = new HashMap<>();
        for (EventTrackerStatus segment : segments) {
            if (segment.getTrackingToken() != null) {
                KafkaTrackingToken.from(unwrapped(segment)).getPositions()
                        .forEach((partition, offset) -> handled.merge(partition, offset, Math::max));
            }
        }
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            long next = handled.containsKey(partition.getKey()) ? handled.get(partition.getKey()) + 1 : 0;
            behind += Math.max(0, partition.getValue() - next);
        }
        return behind;
    }

    private static TrackingToken unwrapped(EventTrackerStatus segment) {
        return WrappedToken.unwrapLowerBound(segment.getTrackingToken());
    }
}
