package io.notiledger.projections.search;

import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.api.event.NotificationScheduledEvent;
import io.notiledger.api.event.RedriveRequestedEvent;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.QueueReason;
import io.notiledger.api.query.AuditEventResponse;
import io.notiledger.api.query.AuditSearchResponse;
import io.notiledger.api.query.FindNotificationStatusAsOfQuery;
import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationSearchResponse;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.api.query.SearchAuditEventsQuery;
import io.notiledger.api.query.SearchNotificationsQuery;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.MongoStandIn;
import io.notiledger.projections.RecipientHash;
import io.notiledger.projections.ViewIndexes;
import io.notiledger.projections.ViewProperties;
import io.notiledger.projections.audit.AuditEntryView;
import io.notiledger.projections.audit.AuditSearchQueryHandler;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.status.NotificationSearchQueryHandler;
import io.notiledger.projections.status.NotificationStatusProjection;
import io.notiledger.projections.status.NotificationStatusQueryHandler;
import io.notiledger.projections.status.NotificationStatusView;
import io.notiledger.projections.status.StatusAsOfQueryHandler;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.notiledger.projections.LedgerEvents.AGGREGATE_TYPE;
import static io.notiledger.projections.LedgerEvents.CORRELATION;
import static io.notiledger.projections.LedgerEvents.HASH_KEY;
import static io.notiledger.projections.LedgerEvents.RECIPIENT;
import static io.notiledger.projections.LedgerEvents.TENANT;
import static io.notiledger.projections.LedgerEvents.at;
import static io.notiledger.projections.LedgerEvents.deadLettered;
import static io.notiledger.projections.LedgerEvents.failed;
import static io.notiledger.projections.LedgerEvents.lifecycle;
import static io.notiledger.projections.LedgerEvents.message;
import static io.notiledger.projections.LedgerEvents.queued;
import static io.notiledger.projections.LedgerEvents.requested;
import static io.notiledger.projections.LedgerEvents.retryScheduled;
import static io.notiledger.projections.LedgerEvents.sent;
import static io.notiledger.projections.LedgerEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search, audit-search and as-of query handlers on views built by the real projections in a MongoDB stand-in:
 * as-of folds agree with the status view, every audit entry is found by its tenant and error code, old documents
 * without the search fields do not break a search, and the views declare their indexes.
 */
class ViewSearchTest {

    private MongoStandIn mongoServer;
    private MongoTemplate mongo;
    private AnnotationEventHandlerAdapter status;
    private AnnotationEventHandlerAdapter audit;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoStandIn();
        mongo = mongoServer.template("search-test");
        BatchedViewWrites writes = new BatchedViewWrites(mongo);
        status = new AnnotationEventHandlerAdapter(new NotificationStatusProjection(mongo, writes, hash()));
        audit = new AnnotationEventHandlerAdapter(new NotificationAuditProjection(mongo, writes));
    }

    @AfterEach
    void stopMongo() {
        mongoServer.close();
    }

    @Test
    void theStatusAsOfNowIsTheStatusViewAfterEveryEventOfEveryPath() throws Exception {
        Map<String, List<Object>> paths = Map.of(
                "sent", lifecycle("sent"),
                "retried", List.of(requested("retried"), queued("retried", 1), started("retried", 1),
                        failed("retried", 1, "SMTP_TRANSIENT_REJECT", true), retryScheduled("retried", 2, at(60)),
                        queued("retried", 2), started("retried", 2), sent("retried", 2)),
                "redriven", List.of(requested("redriven"), queued("redriven", 1), started("redriven", 1),
                        failed("redriven", 1, "SMTP_550", false), deadLettered("redriven", 1, "SMTP_550"),
                        new RedriveRequestedEvent("redriven", "ops", "fixed"),
                        new NotificationQueuedEvent("redriven", 2, QueueReason.REDRIVE)),
                "cancelled", List.of(requested("cancelled"), new NotificationScheduledEvent("cancelled", at(3600)),
                        new NotificationCancelledEvent("cancelled", "key_1", "not needed")));
        for (Map.Entry<String, List<Object>> path : paths.entrySet()) {
            String id = path.getKey();
            for (int sequence = 0; sequence < path.getValue().size(); sequence++) {
                DomainEventMessage<Object> event = message(id, sequence, path.getValue().get(sequence));
                status.handle(event);
                audit.handle(event);
                NotificationStatusResponse view = new NotificationStatusQueryHandler(mongo)
                        .handle(new FindNotificationStatusQuery(id, TENANT)).orElseThrow();
                NotificationStatusResponse folded = asOf(id, at(sequence)).orElseThrow();
                assertThat(folded).as(id + " after event " + sequence).usingRecursiveComparison()
                        .ignoringFields("projectedAt").isEqualTo(view);
                assertThat(folded.projectedAt()).isNull();
            }
        }
        assertThat(asOf("retried", at(4)).orElseThrow().status()).isEqualTo(NotificationStatus.RETRY_SCHEDULED);
        assertThat(asOf("retried", at(4)).orElseThrow().lastErrorCode()).isEqualTo("SMTP_TRANSIENT_REJECT");
        assertThat(asOf("sent", at(0).minusMillis(1))).as("before its request").isEmpty();
        assertThat(new StatusAsOfQueryHandler(mongo).handle(new FindNotificationStatusAsOfQuery("sent", "tenant-b", at(10))))
                .as("another tenant's").isEmpty();
    }

    @Test
    void aTimersEventIsAuditedUnderItsNotificationsTenantAndCorrelation() throws Exception {
        feed("timed", List.of(requested("timed"), new NotificationScheduledEvent("timed", at(60))));
        DomainEventMessage<Object> byTimer = new GenericDomainEventMessage<>(AGGREGATE_TYPE, "timed", 2,
                new NotificationQueuedEvent("timed", 1, QueueReason.SCHEDULE_DUE),
                MetaData.with(LedgerMetaData.ACTOR, "scheduler"), "timed-event-2", at(60));
        status.handle(byTimer);
        audit.handle(byTimer);

        List<AuditEventResponse> found = auditSearch(new SearchAuditEventsQuery(TENANT, "NotificationQueued", null, null,
                "scheduler", null, CORRELATION, null, 10)).items();
        assertThat(found).singleElement().satisfies(entry -> {
            assertThat(entry.notificationId()).isEqualTo("timed");
            assertThat(entry.correlationId()).isEqualTo(CORRELATION);
        });
    }

    @Test
    void auditEntriesAreFoundByErrorCodeTypeAndTime() throws Exception {
        feed("failing", List.of(requested("failing"), queued("failing", 1), started("failing", 1),
                failed("failing", 1, "SMTP_TRANSIENT_REJECT", true), retryScheduled("failing", 2, at(60)),
                queued("failing", 2), started("failing", 2), failed("failing", 2, "SMTP_550", false),
                deadLettered("failing", 2, "SMTP_550")));
        feed("fine", lifecycle("fine"));

        assertThat(auditSearch(query(null, "SMTP_TRANSIENT_REJECT", null, null)).items())
                .extracting(AuditEventResponse::sequence).containsExactly(3L);
        assertThat(auditSearch(query(null, "SMTP_550", null, null)).items()).as("the failure and the dead-lettering, newest first")
                .extracting(AuditEventResponse::type).containsExactly("NotificationDeadLettered", "DeliveryAttemptFailed");
        assertThat(auditSearch(query("DeliveryAttemptFailed", null, null, null)).items()).hasSize(2);
        assertThat(auditSearch(query(null, null, at(3), at(5))).items())
                .extracting(AuditEventResponse::sequence).containsExactly(4L, 3L, 3L);
        assertThat(auditSearch(new SearchAuditEventsQuery("tenant-b", null, null, null, null, null, null, null, 50)).items()).isEmpty();
    }

    @Test
    void documentsWrittenBeforeTheSearchFieldsExistedAreFoundByTheOtherFilters() throws Exception {
        feed("new", lifecycle("new"));
        Document old = mongo.findById("new", Document.class, NotificationStatusView.COLLECTION);
        old.put("_id", "old");
        old.remove("recipientHash");
        old.remove("metadataEntries");
        old.put("requestedAt", java.util.Date.from(at(-60)));
        mongo.insert(old, NotificationStatusView.COLLECTION);

        NotificationSearchResponse all = search(null, null, null);
        assertThat(all.items()).extracting(NotificationStatusResponse::notificationId).containsExactly("new", "old");
        assertThat(search(RECIPIENT, null, null).items()).extracting(NotificationStatusResponse::notificationId).containsExactly("new");
        assertThat(search(null, List.of("campaign=otp"), null).items()).extracting(NotificationStatusResponse::notificationId)
                .containsExactly("new");
        assertThat(search(null, null, "SENT").items()).hasSize(2);
    }

    @Test
    void pagesFollowEachOtherWithoutOffsets() throws Exception {
        for (int i = 0; i < 7; i++) {
            // all requested at the same moment: their ids decide the order
            feed("n" + i, List.of(requested("n" + i)));
        }
        List<String> seen = new ArrayList<>();
        NotificationSearchResponse page = search(null, null, null, null, 3);
        seen.addAll(page.items().stream().map(NotificationStatusResponse::notificationId).toList());
        while (page.next() != null) {
            page = search(null, null, null, page.next(), 3);
            seen.addAll(page.items().stream().map(NotificationStatusResponse::notificationId).toList());
        }
        assertThat(seen).containsExactly("n6", "n5", "n4", "n3", "n2", "n1", "n0");
    }

    @Test
    void theViewsDeclareAnIndexPerFilterLedByTheTenantAndEndingInTheSortKey() {
        new ViewIndexes(mongo).create();

        List<String> statusIndexes = mongo.indexOps(NotificationStatusView.class).getIndexInfo().stream().map(IndexInfo::getName).toList();
        assertThat(statusIndexes).contains("search_tenant", "search_status", "search_channel", "search_priority",
                "search_correlation", "search_recipient", "search_metadata");
        List<String> auditIndexes = mongo.indexOps(AuditEntryView.class).getIndexInfo().stream().map(IndexInfo::getName).toList();
        assertThat(auditIndexes).contains("timeline", "search_tenant", "search_type", "search_actor", "search_error_code",
                "search_correlation");
        for (IndexInfo index : mongo.indexOps(NotificationStatusView.class).getIndexInfo()) {
            if (index.getName().startsWith("search_") && !index.getName().equals("search_all_tenants")) {
                assertThat(index.getIndexFields().get(0).getKey()).as(index.getName()).isEqualTo("tenantId");
                assertThat(index.getIndexFields().get(index.getIndexFields().size() - 1).getKey()).as(index.getName()).isEqualTo("_id");
            }
        }
    }

    private void feed(String id, List<Object> payloads) throws Exception {
        for (int sequence = 0; sequence < payloads.size(); sequence++) {
            DomainEventMessage<Object> event = message(id, sequence, payloads.get(sequence));
            status.handle(event);
            audit.handle(event);
        }
    }

    private java.util.Optional<NotificationStatusResponse> asOf(String id, Instant at) {
        return new StatusAsOfQueryHandler(mongo).handle(new FindNotificationStatusAsOfQuery(id, TENANT, at));
    }

    private AuditSearchResponse auditSearch(SearchAuditEventsQuery query) {
        return new AuditSearchQueryHandler(mongo).handle(query);
    }

    private static SearchAuditEventsQuery query(String type, String errorCode, Instant from, Instant to) {
        return new SearchAuditEventsQuery(TENANT, type, from, to, null, errorCode, null, null, 50);
    }

    private NotificationSearchResponse search(String recipient, List<String> metadata, String status) {
        return search(recipient, metadata, status, null, 50);
    }

    private NotificationSearchResponse search(String recipient, List<String> metadata, String status,
                                              io.notiledger.api.query.PagePosition after, int limit) {
        return new NotificationSearchQueryHandler(mongo, hash()).handle(new SearchNotificationsQuery(TENANT,
                status == null ? null : NotificationStatus.valueOf(status), null, null, null, recipient, null, null, metadata,
                after, limit));
    }

    private static RecipientHash hash() {
        return new RecipientHash(new ViewProperties(HASH_KEY));
    }
}
