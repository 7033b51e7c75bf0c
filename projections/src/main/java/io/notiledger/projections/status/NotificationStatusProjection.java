package io.notiledger.projections.status;

import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.DeliveryAttemptStartedEvent;
import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationScheduledEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.api.event.RedriveRequestedEvent;
import io.notiledger.api.event.RetryScheduledEvent;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.RecipientHash;
import io.notiledger.projections.RecipientMask;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code notification_status} by the rules of {@link StatusFold}. An event is applied only when it is newer
 * than the last one applied to the document, so a duplicate or a replayed event changes nothing. Besides the
 * masked recipient the document keeps its keyed hash ({@link RecipientHash}) and the request's metadata as
 * {@code key=value} entries, for searches.
 * <p>
 * The check compares with the document's {@code lastAppliedSequence}, which {@link AppliedSequences}
 * reads for the whole batch in one query and keeps current as the batch's updates are queued; the updates
 * go out as one bulk write at the end of the batch ({@link BatchedViewWrites}). Both the read and the
 * writes address documents by {@code _id} only: a filter on {@code _id} plus the sequence number made the
 * MongoDB stand-in scan the whole collection on every event (see BENCHMARKS.md). Checking in the
 * application is race-free because one notification's events arrive in order and from one thread at a
 * time (Kafka key = notification id; the processor runs one segment).
 */
@Component
@ProcessingGroup(NotificationStatusProjection.PROCESSING_GROUP)
public class NotificationStatusProjection {

    public static final String PROCESSING_GROUP = "notification-status";

    private final MongoTemplate mongo;
    private final BatchedViewWrites writes;
    private final AppliedSequences appliedSequences;
    private final RecipientHash recipientHash;

    public NotificationStatusProjection(MongoTemplate mongo, BatchedViewWrites writes, RecipientHash recipientHash) {
        this.mongo = mongo;
        this.writes = writes;
        this.recipientHash = recipientHash;
        this.appliedSequences = new AppliedSequences(mongo);
    }

    @EventHandler
    public void on(NotificationRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        NotificationContent content = event.content();
        StatusChange start = StatusFold.requested(event.tenantId(), content.channel(), content.priority(),
                RecipientMask.mask(content.recipient()), content.sendAt(), content.correlationId());
        Update insert = new Update();
        start.set().forEach(insert::setOnInsert);
        insert.setOnInsert("status", start.status())
                .setOnInsert("requestedAt", at)
                .setOnInsert("updatedAt", at)
                .setOnInsert("transitions." + start.status(), at)
                .setOnInsert("lastAppliedSequence", sequence)
                .setOnInsert("projectedAt", Instant.now());
        recipientHash.of(content.recipient()).ifPresent(hash -> insert.setOnInsert("recipientHash", hash));
        insert.setOnInsert("metadataEntries", NotificationStatusView.metadataEntries(content.metadata()));
        writes.upsert(NotificationStatusView.class, byId(event.notificationId()), insert);
        appliedSequences.inserted(event.notificationId(), sequence);
    }

    @EventHandler
    public void on(NotificationScheduledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.scheduled(event.sendAt()));
    }

    @EventHandler
    public void on(NotificationQueuedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.queued());
    }

    @EventHandler
    public void on(DeliveryAttemptStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.attemptStarted(event.attemptNumber()));
    }

    @EventHandler
    public void on(NotificationSentEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.sent(event.vendor(), event.vendorMessageId()));
    }

    @EventHandler
    public void on(DeliveryAttemptFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at,
                StatusFold.attemptFailed(event.vendor(), event.errorCode(), event.errorMessage()));
    }

    @EventHandler
    public void on(RetryScheduledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.retryScheduled(event.nextAttemptAt()));
    }

    @EventHandler
    public void on(NotificationDeadLetteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.deadLettered(event.lastErrorCode()));
    }

    @EventHandler
    public void on(NotificationCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.cancelled());
    }

    @EventHandler
    public void on(RedriveRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, StatusFold.redriveRequested());
    }

    @ResetHandler
    public void reset() {
        mongo.remove(new Query(), NotificationStatusView.class);
    }

    private void apply(String notificationId, long sequence, Instant at, StatusChange change) {
        if (!appliedSequences.isNewer(notificationId, sequence)) {
            return;
        }
        Update update = new Update();
        change.set().forEach(update::set);
        change.unset().forEach(update::unset);
        update.set("updatedAt", at).set("lastAppliedSequence", sequence).set("projectedAt", Instant.now());
        if (change.status() != null) {
            update.set("status", change.status()).set("transitions." + change.status(), at);
        }
        writes.updateOne(NotificationStatusView.class, byId(notificationId), update);
        appliedSequences.applied(notificationId, sequence);
    }

    private static Query byId(String notificationId) {
        return Query.query(Criteria.where("_id").is(notificationId));
    }
}
