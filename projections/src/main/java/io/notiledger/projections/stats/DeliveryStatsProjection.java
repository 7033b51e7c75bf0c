package io.notiledger.projections.stats;

import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.projections.BatchedViewWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Builds {@code delivery_stats}: per tenant, channel and minute (of the event's own time, so a rebuild gives the
 * same minutes) the notifications requested, sent, dead-lettered and cancelled, the failed attempts by error code
 * and a histogram of the time from request to sent. Each counted event's id goes into the counters document in
 * the same update as its increment, and an event the document already lists is skipped ({@link CountedEvents}),
 * so duplicates, redelivered batches and replays count nothing twice.
 * <p>
 * Only the request event names the tenant and channel; the projection keeps them per notification in
 * {@code delivery_stats_origins} ({@link NotificationOrigin}). A later event whose origin is unknown fails and is
 * parked with its notification's later events, like any event a view cannot apply.
 */
@Component
@ProcessingGroup(DeliveryStatsProjection.PROCESSING_GROUP)
public class DeliveryStatsProjection {

    public static final String PROCESSING_GROUP = "delivery-stats";
    /** Error codes are the ledger's own; anything else would not be a safe field name. */
    private static final Pattern FIELD_SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final MongoTemplate mongo;
    private final BatchedViewWrites writes;
    private final NotificationOrigins origins;
    private final CountedEvents counted;

    public DeliveryStatsProjection(MongoTemplate mongo, BatchedViewWrites writes) {
        this.mongo = mongo;
        this.writes = writes;
        this.origins = new NotificationOrigins(mongo);
        this.counted = new CountedEvents(mongo);
    }

    @EventHandler
    public void on(NotificationRequestedEvent event, EventMessage<?> message, @Timestamp Instant at) {
        NotificationOrigin origin = new NotificationOrigin(event.notificationId(), event.tenantId(), event.content().channel(), at);
        writes.upsert(NotificationOrigin.class, Query.query(Criteria.where("_id").is(origin.id())), new Update()
                .setOnInsert("tenantId", origin.tenantId())
                .setOnInsert("channel", origin.channel())
                .setOnInsert("requestedAt", origin.requestedAt()));
        origins.added(origin);
        count(origin, message, at, new Update().inc("requested", 1));
    }

    @EventHandler
    public void on(NotificationSentEvent event, EventMessage<?> message, @Timestamp Instant at) {
        NotificationOrigin origin = originOf(event.notificationId());
        Duration latency = Duration.between(origin.requestedAt(), at);
        count(origin, message, at, new Update()
                .inc("sent", 1)
                .inc("latency." + LatencyHistogram.keyOf(latency), 1)
                .inc("latencySumMillis", Math.max(0, latency.toMillis())));
    }

    @EventHandler
    public void on(DeliveryAttemptFailedEvent event, EventMessage<?> message, @Timestamp Instant at) {
        String code = event.errorCode() != null && FIELD_SAFE.matcher(event.errorCode()).matches() ? event.errorCode() : "OTHER";
        count(originOf(event.notificationId()), message, at, new Update().inc("failedAttempts." + code, 1));
    }

    @EventHandler
    public void on(NotificationDeadLetteredEvent event, EventMessage<?> message, @Timestamp Instant at) {
        count(originOf(event.notificationId()), message, at, new Update().inc("deadLettered", 1));
    }

    @EventHandler
    public void on(NotificationCancelledEvent event, EventMessage<?> message, @Timestamp Instant at) {
        count(originOf(event.notificationId()), message, at, new Update().inc("cancelled", 1));
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

    private void count(NotificationOrigin origin, EventMessage<?> message, Instant at, Update increments) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        String documentId = DeliveryStatsView.idOf(minute, origin.channel(), origin.id(), origin.tenantId());
        if (counted.contains(documentId, message.getIdentifier())) {
            return;
        }
        increments.setOnInsert("tenantId", origin.tenantId())
                .setOnInsert("channel", origin.channel())
                .setOnInsert("minute", minute)
                .push("appliedEvents", message.getIdentifier());
        writes.upsert(DeliveryStatsView.class, Query.query(Criteria.where("_id").is(documentId)), increments);
        counted.counted(message.getIdentifier());
    }
}
