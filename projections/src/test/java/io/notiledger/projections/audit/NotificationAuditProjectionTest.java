package io.notiledger.projections.audit;

import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.query.AuditEntryResponse;
import io.notiledger.api.query.FetchNotificationAuditQuery;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.MongoStandIn;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.notiledger.projections.LedgerEvents.ACTOR;
import static io.notiledger.projections.LedgerEvents.BODY;
import static io.notiledger.projections.LedgerEvents.CORRELATION;
import static io.notiledger.projections.LedgerEvents.FINGERPRINT;
import static io.notiledger.projections.LedgerEvents.MASKED_RECIPIENT;
import static io.notiledger.projections.LedgerEvents.RECIPIENT;
import static io.notiledger.projections.LedgerEvents.TENANT;
import static io.notiledger.projections.LedgerEvents.at;
import static io.notiledger.projections.LedgerEvents.deadLettered;
import static io.notiledger.projections.LedgerEvents.failed;
import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.message;
import static io.notiledger.projections.LedgerEvents.messages;
import static io.notiledger.projections.LedgerEvents.queued;
import static io.notiledger.projections.LedgerEvents.requested;
import static io.notiledger.projections.LedgerEvents.retryScheduled;
import static io.notiledger.projections.LedgerEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationAuditProjectionTest {

    private static final String ID = "ntf-1";

    private MongoStandIn mongoServer;
    private MongoTemplate mongo;
    private NotificationAuditProjection projection;
    private NotificationAuditQueryHandler queries;
    private AnnotationEventHandlerAdapter handlers;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoStandIn();
        mongo = mongoServer.template("audit-test");
        projection = new NotificationAuditProjection(mongo, new BatchedViewWrites(mongo));
        handlers = new AnnotationEventHandlerAdapter(projection);
        queries = new NotificationAuditQueryHandler(mongo);
    }

    @AfterEach
    void stopMongo() {
        mongoServer.close();
    }

    @Test
    void everyEventBecomesOneEntryAndTheTimelineIsSortedBySequence() {
        List<DomainEventMessage<Object>> messages = messages(ID, lifecycle(ID));
        // delivered out of order: the timeline must still come back oldest first
        feed(messages.get(2));
        feed(messages.get(0));
        feed(messages.get(3));
        feed(messages.get(1));

        List<AuditEntryResponse> entries = timeline(ID);
        assertThat(entries).extracting(AuditEntryResponse::sequence).containsExactly(0L, 1L, 2L, 3L);
        assertThat(entries).extracting(AuditEntryResponse::type).containsExactly(
                "NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted", "NotificationSent");
        assertThat(entries).extracting(AuditEntryResponse::eventId).containsExactly(
                ID + "-event-0", ID + "-event-1", ID + "-event-2", ID + "-event-3");
        assertThat(entries).extracting(AuditEntryResponse::occurredAt).containsExactly(at(0), at(1), at(2), at(3));
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo(ACTOR);
            assertThat(entry.correlationId()).isEqualTo(CORRELATION);
        });
        assertThat(rawEntries()).allSatisfy(raw -> assertThat(raw.getString("tenantId")).isEqualTo(TENANT));
        assertThat(entries.get(3).details()).containsEntry("vendor", "smtp-primary")
                .containsEntry("vendorMessageId", "vendor-msg-1");
    }

    @Test
    void timelineHoldsOnlyTheRequestedNotification() {
        feedAll(messages(ID, lifecycle(ID)));
        feedAll(messages("ntf-2", List.of(requested("ntf-2"))));

        assertThat(timeline(ID)).hasSize(4);
        assertThat(timeline("ntf-2")).hasSize(1);
        assertThat(timeline("unknown")).isEmpty();
    }

    @Test
    void anotherTenantsQueryGetsAnEmptyTimelineAndItsOwnTenantsTheWholeOne() {
        feedAll(messages(ID, lifecycle(ID)));

        assertThat(queries.handle(new FetchNotificationAuditQuery(ID, "tenant-b")).entries()).isEmpty();
        assertThat(queries.handle(new FetchNotificationAuditQuery(ID, TENANT)).entries()).hasSize(4);
    }

    @Test
    void attemptNumberIsTakenFromTheEventAndFromNextAttemptNumberForARetry() {
        Instant retryAt = at(90);
        feedAll(messages(ID, List.of(
                requested(ID),
                queued(ID, 1),
                started(ID, 1),
                failed(ID, 1, "SMTP_451", true),
                retryScheduled(ID, 2, retryAt),
                queued(ID, 2),
                started(ID, 2))));

        List<AuditEntryResponse> entries = timeline(ID);
        assertThat(entries).extracting(AuditEntryResponse::type).containsExactly(
                "NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted", "DeliveryAttemptFailed",
                "RetryScheduled", "NotificationQueued", "DeliveryAttemptStarted");
        assertThat(entries).extracting(AuditEntryResponse::attemptNumber).containsExactly(null, 1, 1, 1, 2, 2, 2);
        Map<String, Object> retry = entries.get(4).details();
        assertThat(retry).containsEntry("nextAttemptNumber", 2);
        assertThat(Instant.parse(String.valueOf(retry.get("nextAttemptAt")))).isEqualTo(retryAt);
        assertThat(Duration.parse(String.valueOf(retry.get("backoff")))).isEqualTo(Duration.ofSeconds(30));
        assertThat(entries.get(3).details())
                .containsEntry("errorCode", "SMTP_451")
                .containsEntry("errorMessage", "vendor said SMTP_451")
                .containsEntry("retryable", true);
    }

    @Test
    void bodyAndFingerprintNeverReachTheAuditAndTheRecipientIsMasked() {
        feed(message(ID, 0, requested(ID)));

        Map<String, Object> details = timeline(ID).get(0).details();
        assertThat(details).doesNotContainKeys("body", "requestFingerprint", "notificationId");
        assertThat(details).containsEntry("recipient", MASKED_RECIPIENT)
                .containsEntry("tenantId", TENANT)
                .containsEntry("channel", "EMAIL")
                .containsEntry("priority", "HIGH")
                .containsEntry("subject", "Sign-in code")
                .containsEntry("idempotencyKey", "idem-" + ID)
                .containsEntry("metadata", Map.of("campaign", "otp"));
        String stored = rawEntries().get(0).toJson();
        assertThat(stored).doesNotContain(BODY).doesNotContain("917351").doesNotContain(FINGERPRINT)
                .doesNotContain(RECIPIENT).doesNotContain("jane.doe");
    }

    @Test
    void nullFieldsAreLeftOutOfTheDetails() {
        feed(message(ID, 0, requested(ID)));

        // the request has no sendAt
        assertThat(timeline(ID).get(0).details()).doesNotContainKey("sendAt");
        assertThat(rawEntries().get(0).get("details", Document.class)).doesNotContainKey("sendAt");
    }

    @Test
    void feedingTheSameMessagesTwiceKeepsTheEntryCountAndTheDocumentsIdentical() {
        List<DomainEventMessage<Object>> messages = messages(ID, List.of(
                requested(ID), queued(ID, 1), started(ID, 1), failed(ID, 1, "SMTP_550", false),
                deadLettered(ID, 1, "SMTP_550")));
        feedAll(messages);
        List<Document> before = rawEntries();

        feedAll(messages);

        assertThat(rawEntries()).hasSize(5).isEqualTo(before);
        assertThat(timeline(ID)).hasSize(5);
    }

    @Test
    void aRedeliveredEventNeverOverwritesTheEntryWrittenFirst() {
        feed(message(ID, 0, requested(ID)));
        Document first = rawEntries().get(0);

        // same notification and sequence, seen again with another id and time (e.g. re-published)
        feed(new GenericDomainEventMessage<>("Notification", ID, 0, requested(ID),
                MetaData.with("actor", "someone-else"), "other-event-id", at(500)));

        assertThat(rawEntries()).containsExactly(first);
    }

    @Test
    void eventsOutsideTheLedgerPackageAreNotAudited() {
        feed(message(ID, 0, "just a string"));
        feed(message(ID, 1, Map.of("notificationId", ID)));

        assertThat(mongo.getCollection(AuditEntryView.COLLECTION).countDocuments()).isZero();
    }

    @Test
    void cancellationIsAuditedWithItsActorAndReason() {
        feed(message(ID, 0, requested(ID)));
        feed(message(ID, 1, new NotificationCancelledEvent(ID, "ops-jane", "customer asked")));

        AuditEntryResponse cancelled = timeline(ID).get(1);
        assertThat(cancelled.type()).isEqualTo("NotificationCancelled");
        assertThat(cancelled.attemptNumber()).isNull();
        assertThat(cancelled.details()).containsEntry("actor", "ops-jane").containsEntry("reason", "customer asked");
    }

    @Test
    void resetClearsOnlyNotificationAudit() {
        feedAll(messages(ID, lifecycle(ID)));
        Document status = new Document("_id", ID).append("status", "SENT").append("lastAppliedSequence", 3L);
        mongo.getCollection("notification_status").insertOne(status);
        mongo.getCollection("projection_tokens").insertOne(new Document("processorName", "notification-audit"));

        projection.reset();

        assertThat(mongo.getCollection(AuditEntryView.COLLECTION).countDocuments()).isZero();
        assertThat(timeline(ID)).isEmpty();
        assertThat(mongo.getCollection("notification_status").find().into(new ArrayList<>())).containsExactly(status);
        assertThat(mongo.getCollection("projection_tokens").countDocuments()).isEqualTo(1);
    }

    private List<AuditEntryResponse> timeline(String id) {
        return queries.handle(new FetchNotificationAuditQuery(id, null)).entries();
    }

    private List<Document> rawEntries() {
        return mongo.getCollection(AuditEntryView.COLLECTION).find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private void feedAll(List<DomainEventMessage<Object>> messages) {
        messages.forEach(this::feed);
    }

    /** Through Axon's handler resolution, as the view's processor invokes the projection. */
    private void feed(DomainEventMessage<Object> message) {
        try {
            handlers.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
