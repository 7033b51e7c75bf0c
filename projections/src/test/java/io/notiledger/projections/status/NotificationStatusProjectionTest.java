package io.notiledger.projections.status;

import com.mongodb.client.model.Filters;
import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.DeliveryAttemptStartedEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.api.event.RetryScheduledEvent;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.MongoStandIn;
import io.notiledger.projections.RecipientHash;
import io.notiledger.projections.ViewProperties;
import io.notiledger.projections.LedgerEvents;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.notiledger.projections.LedgerEvents.CORRELATION;
import static io.notiledger.projections.LedgerEvents.MASKED_RECIPIENT;
import static io.notiledger.projections.LedgerEvents.RECIPIENT;
import static io.notiledger.projections.LedgerEvents.TENANT;
import static io.notiledger.projections.LedgerEvents.at;
import static io.notiledger.projections.LedgerEvents.deadLettered;
import static io.notiledger.projections.LedgerEvents.failed;
import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.queued;
import static io.notiledger.projections.LedgerEvents.requested;
import static io.notiledger.projections.LedgerEvents.retryScheduled;
import static io.notiledger.projections.LedgerEvents.sent;
import static io.notiledger.projections.LedgerEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationStatusProjectionTest {

    private static final String ID = "ntf-1";

    private MongoStandIn mongoServer;
    private MongoTemplate mongo;
    private NotificationStatusProjection projection;
    private NotificationStatusQueryHandler queries;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoStandIn();
        mongo = mongoServer.template("status-test");
        projection = new NotificationStatusProjection(mongo, new BatchedViewWrites(mongo), new RecipientHash(new ViewProperties(LedgerEvents.HASH_KEY)));
        queries = new NotificationStatusQueryHandler(mongo);
    }

    @AfterEach
    void stopMongo() {
        mongoServer.close();
    }

    @Test
    void fullLifecycleEndsSentWithOneAttemptVendorAndTransitions() {
        feedAll(lifecycle(ID));

        NotificationStatusResponse status = find(ID).orElseThrow();
        assertThat(status.notificationId()).isEqualTo(ID);
        assertThat(status.status()).isEqualTo(NotificationStatus.SENT);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.vendor()).isEqualTo("smtp-primary");
        assertThat(status.vendorMessageId()).isEqualTo("vendor-msg-1");
        assertThat(status.tenantId()).isEqualTo(TENANT);
        assertThat(status.channel()).isEqualTo(Channel.EMAIL);
        assertThat(status.priority()).isEqualTo(Priority.HIGH);
        assertThat(status.correlationId()).isEqualTo(CORRELATION);
        assertThat(status.lastErrorCode()).isNull();
        assertThat(status.requestedAt()).isEqualTo(at(0));
        assertThat(status.updatedAt()).isEqualTo(at(3));
        assertThat(status.transitions()).isEqualTo(Map.of(
                "REQUESTED", at(0),
                "QUEUED", at(1),
                "SENDING", at(2),
                "SENT", at(3)));
        assertThat(raw(ID).get("lastAppliedSequence", Number.class).longValue()).isEqualTo(3L);
    }

    @Test
    void duplicateDeliveryOfEveryEventLeavesTheDocumentExactlyEqual() {
        List<Object> events = lifecycle(ID);
        feedAll(events);
        Document before = raw(ID);

        // the whole stream again, checked after every single duplicate
        for (int sequence = 0; sequence < events.size(); sequence++) {
            feed(events.get(sequence), sequence, at(sequence));
            assertThat(raw(ID)).as("after the duplicate of sequence %d", sequence).isEqualTo(before);
        }

        assertThat(raw(ID)).isEqualTo(before);
        assertThat(mongo.getCollection(NotificationStatusView.COLLECTION).countDocuments()).isEqualTo(1);
    }

    @Test
    void duplicateOfEachEventRightAfterItselfLeavesTheSameDocumentAsASingleDelivery() {
        List<Object> events = lifecycle(ID);
        feedAll(events);
        Document once = withoutProjectionTime(raw(ID));
        projection.reset();

        for (int sequence = 0; sequence < events.size(); sequence++) {
            feed(events.get(sequence), sequence, at(sequence));
            feed(events.get(sequence), sequence, at(sequence));
        }

        assertThat(withoutProjectionTime(raw(ID))).isEqualTo(once);
    }

    @Test
    void olderEventArrivingAfterANewerOneIsSkipped() {
        feedAll(lifecycle(ID));
        Document afterSent = raw(ID);

        feed(started(ID, 1), 2, at(2));
        feed(queued(ID, 1), 1, at(1));

        NotificationStatusResponse status = find(ID).orElseThrow();
        assertThat(status.status()).isEqualTo(NotificationStatus.SENT);
        assertThat(status.updatedAt()).isEqualTo(at(3));
        assertThat(raw(ID)).isEqualTo(afterSent);
    }

    @Test
    void failureThenRetryScheduledThenDeadLetteredFillsLastErrorAndStatus() {
        Instant retryAt = at(60);
        feed(requested(ID), 0, at(0));
        feed(queued(ID, 1), 1, at(1));
        feed(started(ID, 1), 2, at(2));
        feed(failed(ID, 1, "SMTP_451", true), 3, at(3));

        NotificationStatusResponse afterFailure = find(ID).orElseThrow();
        assertThat(afterFailure.status()).isEqualTo(NotificationStatus.SENDING);
        assertThat(afterFailure.lastErrorCode()).isEqualTo("SMTP_451");
        assertThat(afterFailure.lastErrorMessage()).isEqualTo("vendor said SMTP_451");

        feed(retryScheduled(ID, 2, retryAt), 4, at(4));
        NotificationStatusResponse afterRetry = find(ID).orElseThrow();
        assertThat(afterRetry.status()).isEqualTo(NotificationStatus.RETRY_SCHEDULED);
        assertThat(afterRetry.nextAttemptAt()).isEqualTo(retryAt);
        assertThat(afterRetry.lastErrorCode()).isEqualTo("SMTP_451");

        feed(queued(ID, 2), 5, at(60));
        assertThat(find(ID).orElseThrow().nextAttemptAt()).isNull();
        feed(started(ID, 2), 6, at(61));
        feed(failed(ID, 2, "SMTP_550", false), 7, at(62));
        feed(deadLettered(ID, 2, "SMTP_550"), 8, at(63));

        NotificationStatusResponse status = find(ID).orElseThrow();
        assertThat(status.status()).isEqualTo(NotificationStatus.DEAD_LETTERED);
        assertThat(status.lastErrorCode()).isEqualTo("SMTP_550");
        assertThat(status.lastErrorMessage()).isEqualTo("vendor said SMTP_550");
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.vendor()).isEqualTo("smtp-primary");
        assertThat(status.updatedAt()).isEqualTo(at(63));
        assertThat(status.transitions())
                .containsEntry("RETRY_SCHEDULED", at(4))
                .containsEntry("QUEUED", at(60))
                .containsEntry("SENDING", at(61))
                .containsEntry("DEAD_LETTERED", at(63))
                .doesNotContainKey("SENT");
    }

    @Test
    void recipientIsStoredMasked() {
        feed(requested(ID), 0, at(0));

        assertThat(find(ID).orElseThrow().recipient()).isEqualTo(MASKED_RECIPIENT);
        Document raw = raw(ID);
        assertThat(raw.getString("recipient")).isEqualTo(MASKED_RECIPIENT);
        assertThat(raw.toJson()).doesNotContain(RECIPIENT).doesNotContain("jane.doe");
    }

    @Test
    void resetEmptiesNotificationStatusButLeavesOtherCollectionsUntouched() {
        feedAll(lifecycle(ID));
        feedAll(lifecycle("ntf-2"));
        Document auditEntry = new Document("_id", ID + ":0000000000").append("notificationId", ID).append("sequence", 0L);
        mongo.getCollection("notification_audit").insertOne(auditEntry);
        mongo.getCollection("projection_tokens").insertOne(new Document("processorName", "notification-status"));

        projection.reset();

        assertThat(mongo.getCollection(NotificationStatusView.COLLECTION).countDocuments()).isZero();
        assertThat(find(ID)).isEmpty();
        assertThat(mongo.getCollection("notification_audit").find().into(new ArrayList<>()))
                .containsExactly(auditEntry);
        assertThat(mongo.getCollection("projection_tokens").countDocuments()).isEqualTo(1);
    }

    @Test
    void replayAfterResetRebuildsTheSameDocument() {
        feedAll(lifecycle(ID));
        Document built = withoutProjectionTime(raw(ID));

        projection.reset();
        feedAll(lifecycle(ID));

        assertThat(raw(ID).get("projectedAt")).isNotNull();
        assertThat(withoutProjectionTime(raw(ID))).isEqualTo(built);
    }

    @Test
    void queryHandlerReturnsEmptyForAnUnknownId() {
        feedAll(lifecycle(ID));

        assertThat(find("no-such-notification")).isEmpty();
        assertThat(find(ID)).isPresent();
    }

    @Test
    void anotherTenantsQueryFindsNothingAndItsOwnTenantsFindsIt() {
        feedAll(lifecycle(ID));

        assertThat(queries.handle(new FindNotificationStatusQuery(ID, "tenant-b"))).isEmpty();
        assertThat(queries.handle(new FindNotificationStatusQuery(ID, TENANT))).isPresent();
    }

    private Optional<NotificationStatusResponse> find(String id) {
        return queries.handle(new FindNotificationStatusQuery(id, null));
    }

    /** A rebuilt document differs from the original only in when it was written. */
    private static Document withoutProjectionTime(Document document) {
        Document copy = new Document(document);
        copy.remove("projectedAt");
        return copy;
    }

    private Document raw(String id) {
        return mongo.getCollection(NotificationStatusView.COLLECTION).find(Filters.eq("_id", id)).first();
    }

    /** Each event at its list position as sequence number, one second apart. */
    private void feedAll(List<Object> events) {
        for (int sequence = 0; sequence < events.size(); sequence++) {
            feed(events.get(sequence), sequence, at(sequence));
        }
    }

    private void feed(Object event, long sequence, Instant at) {
        if (event instanceof NotificationRequestedEvent e) {
            projection.on(e, sequence, at);
        } else if (event instanceof NotificationQueuedEvent e) {
            projection.on(e, sequence, at);
        } else if (event instanceof DeliveryAttemptStartedEvent e) {
            projection.on(e, sequence, at);
        } else if (event instanceof NotificationSentEvent e) {
            projection.on(e, sequence, at);
        } else if (event instanceof DeliveryAttemptFailedEvent e) {
            projection.on(e, sequence, at);
        } else if (event instanceof RetryScheduledEvent e) {
            projection.on(e, sequence, at);
        } else if (event instanceof NotificationDeadLetteredEvent e) {
            projection.on(e, sequence, at);
        } else {
            throw new IllegalArgumentException("No handler in this test for " + event);
        }
    }
}
