package io.notiledger.projections.parking;

import io.notiledger.api.admin.ParkedEventResponse;
import io.notiledger.api.admin.ParkedEventsResponse;
import io.notiledger.api.admin.ParkedGroupResponse;
import io.notiledger.api.admin.RetryParkedEventsResponse;
import io.notiledger.projections.ViewProcessors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What operators see of the views' parked events and how they retry them once the cause is fixed. A retry
 * applies a notification's parked events in their order through the view's own handlers; the first one that
 * fails again stays parked with the rest of its notification behind it.
 */
@Component
public class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    /** Listing more than this many events of one view helps nobody; the count says how many there are. */
    static final int LISTED_PER_GROUP = 1000;

    private final ParkedEventQueues queues;
    private final EventProcessingConfiguration processing;

    public ParkedEvents(ParkedEventQueues queues, EventProcessingConfiguration processing) {
        this.queues = queues;
        this.processing = processing;
    }

    public List<String> groups() {
        return ViewProcessors.PROCESSING_GROUPS;
    }

    public ParkedEventsResponse list() {
        List<ParkedGroupResponse> groups = new ArrayList<>();
        for (String group : groups()) {
            ParkedEventQueue queue = queues.of(group);
            List<ParkedEventResponse> events = new ArrayList<>();
            listing:
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (events.size() == LISTED_PER_GROUP) {
                        break listing;
                    }
                    events.add(describe(letter));
                }
            }
            groups.add(new ParkedGroupResponse(group, queue.size(), events));
        }
        return new ParkedEventsResponse(groups);
    }

    /**
     * Retries the parked events of one group or all ({@code group} null), of one notification or all
     * ({@code notificationId} null). Each notification is tried once: the queue hands out the notification
     * touched longest ago first and one whose retry fails goes to the back, so each round takes the next one
     * instead of scanning past those that failed.
     */
    public RetryParkedEventsResponse retry(String group, String notificationId) {
        List<String> groups = group == null ? groups() : List.of(group);
        long processed = 0;
        long stillParked = 0;
        for (String each : groups) {
            ParkedEventQueue queue = queues.of(each);
            SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(each)
                    .orElseThrow(() -> new ProcessorNotStartedException(each));
            EventParking parking = new EventParking(queue, processing.sequencingPolicy(each));
            Set<Object> tried = new HashSet<>();
            while (true) {
                AtomicReference<Object> taken = new AtomicReference<>();
                AtomicLong sizeBefore = new AtomicLong();
                processor.process(letter -> {
                    Object sequence = parking.sequenceOf(letter.message());
                    if (taken.get() != null || (notificationId != null && !notificationId.equals(sequence))
                            || !tried.add(sequence)) {
                        return false;
                    }
                    taken.set(sequence);
                    sizeBefore.set(queue.sequenceSize(sequence));
                    return true;
                });
                if (taken.get() == null) {
                    break;
                }
                processed += Math.max(0, sizeBefore.get() - queue.sequenceSize(taken.get()));
            }
            long left = queue.size();
            stillParked += left;
            log.info("Retried the parked events of {} in {}: {} notification(s) tried, {} event(s) still parked",
                    notificationId == null ? "every notification" : "one notification", each, tried.size(), left);
        }
        return new RetryParkedEventsResponse(processed, stillParked);
    }

    private static ParkedEventResponse describe(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
        return new ParkedEventResponse(
                domain == null ? null : domain.getAggregateIdentifier(),
                typeOf(event),
                domain == null ? -1 : domain.getSequenceNumber(),
                event.getIdentifier(),
                letter.cause().map(Cause::type).orElse(null),
                letter.cause().map(Cause::message).map(CauseMessages::mask).orElse(null),
                letter.enqueuedAt(),
                letter.lastTouched(),
                ParkingPolicy.failures(letter));
    }

    /** {@code NotificationSentEvent} is listed as {@code NotificationSent}, as in the audit timeline. */
    private static String typeOf(EventMessage<?> event) {
        String name = event.getPayloadType().getSimpleName();
        return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
    }
}
