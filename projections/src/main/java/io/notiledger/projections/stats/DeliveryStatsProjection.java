package io.notiledger.projections.stats;

import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.BatchedViewWrites.Step;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds {@code delivery_stats}: per tenant, channel and minute (of the event's own time, so a rebuild gives the
 * same minutes) the notifications requested, sent, dead-lettered and cancelled, the failed attempts by error code
 * and a histogram of the time from request to sent.
 * <p>
 * Only the request event names the tenant and channel; the projection keeps them per notification in
 * {@code delivery_stats_origins} ({@link NotificationOrigin}). A later event whose origin is unknown fails and is
 * parked with its notification's later events, like any event a view cannot apply.
 * <p>
 * <b>Each event counted once, at a cost that does not grow.</b> A notification's events reach this projection in
 * order and one at a time (sequencing policy and Kafka key: the notification), each with its sequence number. So
 * the guard is one number per notification, {@code countedSequence} in its origin document: an event at or below it
 * is not counted again, whether it comes again in a redelivered batch, twice in one batch, from a duplicate the
 * publisher sent, or on another segment after the segments moved. The counters documents hold no list that
 * grows with the minute, and a batch folds its increments into one write per counters document
 * ({@link BatchedViewWrites}).
 * <p>
 * The increment and its guard are in two documents, written without a transaction, in three steps:
 * <ol>
 * <li>the counters document: the increment and, in the same update, the mark {@code inFlight.<notification>} =
 * the event's sequence number;</li>
 * <li>the origin document: {@code countedSequence} = the event's sequence number;</li>
 * <li>the counters document: the mark removed.</li>
 * </ol>
 * Each step starts once the one before has landed, and the token moves only after all three. A batch that stops
 * before step 1 lands counted nothing and is handled again. One that stops between 1 and 2 left the mark beside
 * the increment: handled again, the event is found counted by the mark ({@link InFlightMarks}), not counted, and
 * steps 2 and 3 are done. One that stops between 2 and 3 left a mark behind, which is harmless: the guard in the
 * origin already skips the event, and the notification's next count in that document overwrites and removes the
 * mark. So no count is lost or doubled, and a counters document holds marks only of the batch in flight (and of a
 * batch that stopped between steps 2 and 3), not one per event or notification of its minute. A rebuild starts
 * from empty documents: the reset removes the counters and the origins with their guards.
 * <p>
 * A write refused for its document is sent again event by event; the refused event is parked with its
 * notification's later ones, and the steps after it of that notification are not sent, so nothing is counted
 * without its mark.
 */
@Component
@ProcessingGroup(DeliveryStatsProjection.PROCESSING_GROUP)
public class DeliveryStatsProjection {

    public static final String PROCESSING_GROUP = "delivery-stats";
    /** Error codes are the ledger's own and notification ids UUIDs; anything else would not be a safe field name. */
    private static final Pattern FIELD_SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final MongoTemplate mongo;
    private final BatchedViewWrites writes;
    private final NotificationOrigins origins;
    private final InFlightMarks inFlight;

    public DeliveryStatsProjection(MongoTemplate mongo, BatchedViewWrites writes) {
        this.mongo = mongo;
        this.writes = writes;
        this.origins = new NotificationOrigins(mongo);
        this.inFlight = new InFlightMarks(mongo, this::countersDocumentOf);
    }

    @EventHandler
    public void on(NotificationRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        NotificationOrigin origin = new NotificationOrigin(event.notificationId(), event.tenantId(),
                event.content().channel(), at, null);
        writes.upsert(Step.SECOND, NotificationOrigin.class, byId(origin.id()), new Update()
                .setOnInsert("tenantId", origin.tenantId())
                .setOnInsert("channel", origin.channel())
                .setOnInsert("requestedAt", origin.requestedAt()));
        origins.added(origin);
        count(origins.of(origin.id()).orElse(origin), sequence, at, new Update().inc("requested", 1));
    }

    @EventHandler
    public void on(NotificationSentEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        NotificationOrigin origin = originOf(event.notificationId());
        Duration latency = Duration.between(origin.requestedAt(), at);
        count(origin, sequence, at, new Update()
                .inc("sent", 1)
                .inc("latency." + LatencyHistogram.keyOf(latency), 1)
                .inc("latencySumMillis", Math.max(0, latency.toMillis())));
    }

    @EventHandler
    public void on(DeliveryAttemptFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        String code = event.errorCode() != null && FIELD_SAFE.matcher(event.errorCode()).matches() ? event.errorCode() : "OTHER";
        count(originOf(event.notificationId()), sequence, at, new Update().inc("failedAttempts." + code, 1));
    }

    @EventHandler
    public void on(NotificationDeadLetteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        count(originOf(event.notificationId()), sequence, at, new Update().inc("deadLettered", 1));
    }

    @EventHandler
    public void on(NotificationCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        count(originOf(event.notificationId()), sequence, at, new Update().inc("cancelled", 1));
    }

    @ResetHandler
    public void reset() {
        mongo.remove(new Query(), DeliveryStatsView.class);
        mongo.remove(new Query(), NotificationOrigin.class);
    }

    private NotificationOrigin originOf(String notificationId) {
        return origins.of(notificationId).orElseThrow(() -> new IllegalStateException(
                "delivery-stats has no request event of notification " + notificationId));
    }

    private void count(NotificationOrigin origin, long sequence, Instant at, Update increments) {
        if (origin.countedSequence() != null && sequence <= origin.countedSequence()) {
            return;
        }
        if (!FIELD_SAFE.matcher(origin.id()).matches()) {
            throw new IllegalStateException("delivery-stats cannot mark a notification id of this form: " + origin.id());
        }
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        String documentId = DeliveryStatsView.idOf(minute, origin.channel(), origin.id(), origin.tenantId());
        String mark = InFlightMarks.FIELD + "." + origin.id();
        if (!inFlight.holds(documentId, origin.id(), sequence)) {
            writes.upsert(Step.FIRST, DeliveryStatsView.class, byId(documentId), increments
                    .setOnInsert("tenantId", origin.tenantId())
                    .setOnInsert("channel", origin.channel())
                    .setOnInsert("minute", minute)
                    .set(mark, sequence));
        }
        writes.updateOne(Step.SECOND, NotificationOrigin.class, byId(origin.id()), new Update().set("countedSequence", sequence));
        writes.updateOne(Step.THIRD, DeliveryStatsView.class, byId(documentId), new Update().unset(mark));
        origins.counted(origin.id(), sequence);
    }

    /** The counters document an event is counted in, if it is a counted event of a notification whose origin is known. */
    private Optional<String> countersDocumentOf(EventMessage<?> message) {
        Object payload = message.getPayload();
        Optional<NotificationOrigin> origin;
        if (payload instanceof NotificationRequestedEvent requested) {
            origin = Optional.of(new NotificationOrigin(requested.notificationId(), requested.tenantId(),
                    requested.content().channel(), message.getTimestamp(), null));
        } else if (payload instanceof NotificationSentEvent sent) {
            origin = origins.of(sent.notificationId());
        } else if (payload instanceof DeliveryAttemptFailedEvent failed) {
            origin = origins.of(failed.notificationId());
        } else if (payload instanceof NotificationDeadLetteredEvent deadLettered) {
            origin = origins.of(deadLettered.notificationId());
        } else if (payload instanceof NotificationCancelledEvent cancelled) {
            origin = origins.of(cancelled.notificationId());
        } else {
            origin = Optional.empty();
        }
        return origin.map(known -> DeliveryStatsView.idOf(message.getTimestamp().truncatedTo(ChronoUnit.MINUTES),
                known.channel(), known.id(), known.tenantId()));
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
