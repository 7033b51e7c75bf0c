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
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.projections.BatchedViewWrites;
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
 * Builds {@code notification_status}. An event is applied only when it is newer than the last one
 * applied to the document, so a duplicate or a replayed event changes nothing.
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

    public NotificationStatusProjection(MongoTemplate mongo, BatchedViewWrites writes) {
        this.mongo = mongo;
        this.writes = writes;
        this.appliedSequences = new AppliedSequences(mongo);
    }

    @EventHandler
    public void on(NotificationRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Update insert = new Update()
                .setOnInsert("tenantId", event.tenantId())
                .setOnInsert("channel", event.content().channel())
                .setOnInsert("priority", event.content().priority())
                .setOnInsert("recipient", RecipientMask.mask(event.content().recipient()))
                .setOnInsert("status", NotificationStatus.REQUESTED)
                .setOnInsert("attempts", 0)
                .setOnInsert("sendAt", event.content().sendAt())
                .setOnInsert("correlationId", event.content().correlationId())
                .setOnInsert("requestedAt", at)
                .setOnInsert("updatedAt", at)
                .setOnInsert("transitions." + NotificationStatus.REQUESTED, at)
                .setOnInsert("lastAppliedSequence", sequence)
                .setOnInsert("projectedAt", Instant.now());
        writes.upsert(NotificationStatusView.class, byId(event.notificationId()), insert);
        appliedSequences.inserted(event.notificationId(), sequence);
    }

    @EventHandler
    public void on(NotificationScheduledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, NotificationStatus.SCHEDULED, new Update().set("sendAt", event.sendAt()));
    }

    @EventHandler
    public void on(NotificationQueuedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, NotificationStatus.QUEUED, new Update().unset("nextAttemptAt"));
    }

    @EventHandler
    public void on(DeliveryAttemptStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, NotificationStatus.SENDING,
                new Update().set("attempts", event.attemptNumber()));
    }

    @EventHandler
    public void on(NotificationSentEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, NotificationStatus.SENT,
                new Update().set("vendor", event.vendor()).set("vendorMessageId", event.vendorMessageId()));
    }

    /** The attempt's failure is recorded here; the state it leads to comes with the next event. */
    @EventHandler
    public void on(DeliveryAttemptFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, null, new Update()
                .set("vendor", event.vendor())
                .set("lastErrorCode", event.errorCode())
                .set("lastErrorMessage", event.errorMessage()));
    }

    @EventHandler
    public void on(RetryScheduledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, NotificationStatus.RETRY_SCHEDULED,
                new Update().set("nextAttemptAt", event.nextAttemptAt()));
    }

    @EventHandler
    public void on(NotificationDeadLetteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, NotificationStatus.DEAD_LETTERED,
                new Update().set("lastErrorCode", event.lastErrorCode()));
    }

    @EventHandler
    public void on(NotificationCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, NotificationStatus.CANCELLED, new Update().unset("nextAttemptAt"));
    }

    @EventHandler
    public void on(RedriveRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.notificationId(), sequence, at, null, new Update());
    }

    @ResetHandler
    public void reset() {
        mongo.remove(new Query(), NotificationStatusView.class);
    }

    private void apply(String notificationId, long sequence, Instant at, NotificationStatus status, Update update) {
        if (!appliedSequences.isNewer(notificationId, sequence)) {
            return;
        }
        update.set("updatedAt", at).set("lastAppliedSequence", sequence).set("projectedAt", Instant.now());
        if (status != null) {
            update.set("status", status).set("transitions." + status, at);
        }
        writes.updateOne(NotificationStatusView.class, byId(notificationId), update);
        appliedSequences.applied(notificationId, sequence);
    }

    private static Query byId(String notificationId) {
        return Query.query(Criteria.where("_id").is(notificationId));
    }
}
