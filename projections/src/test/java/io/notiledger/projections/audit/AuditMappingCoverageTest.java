package io.notiledger.projections.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationScheduledEvent;
import io.notiledger.api.event.RedriveRequestedEvent;
import io.notiledger.api.query.AuditEntryResponse;
import io.notiledger.api.query.FetchNotificationAuditQuery;
import io.notiledger.projections.BatchedViewWrites;
import io.notiledger.projections.MongoStandIn;
import io.notiledger.projections.RecipientMask;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.ClassUtils;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.notiledger.projections.LedgerEvents.at;
import static io.notiledger.projections.LedgerEvents.bootLikeObjectMapper;
import static io.notiledger.projections.LedgerEvents.deadLettered;
import static io.notiledger.projections.LedgerEvents.failed;
import static io.notiledger.projections.LedgerEvents.message;
import static io.notiledger.projections.LedgerEvents.queued;
import static io.notiledger.projections.LedgerEvents.requested;
import static io.notiledger.projections.LedgerEvents.retryScheduled;
import static io.notiledger.projections.LedgerEvents.sent;
import static io.notiledger.projections.LedgerEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

/** Every event the ledger can emit (every record in api-spec's event package) is audited by a handler of its own. */
class AuditMappingCoverageTest {

    private static final String EVENT_PACKAGE = "io.notiledger.api.event";
    private static final String ID = "ntf-all";

    private MongoStandIn mongoServer;
    private MongoTemplate mongo;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoStandIn();
        mongo = mongoServer.template("audit-coverage-test");
    }

    @AfterEach
    void stopMongo() {
        mongoServer.close();
    }

    @Test
    void everyEventTypeHasATypedAuditHandler() {
        Set<String> handled = Arrays.stream(NotificationAuditProjection.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(method -> method.getParameterTypes()[0].getName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(eventTypes()).hasSize(10).allSatisfy(type -> assertThat(handled).as("audit handlers").contains(type));
        assertThat(handled).as("handlers of something that is not a ledger event").isSubsetOf(eventTypes());
    }

    @Test
    void oneEventOfEveryTypeBecomesOneEntryNamedAfterIt() throws Exception {
        List<Object> oneOfEach = List.of(requested(ID), new NotificationScheduledEvent(ID, at(60)), queued(ID, 1),
                started(ID, 1), failed(ID, 1, "SMTP_451", true), retryScheduled(ID, 2, at(90)),
                sent(ID, 2), deadLettered(ID, 2, "SMTP_550"), new NotificationCancelledEvent(ID, "ops-jane", "asked"),
                new RedriveRequestedEvent(ID, "ops-joe", "vendor fixed"));
        assertThat(oneOfEach).extracting(event -> event.getClass().getName()).containsExactlyInAnyOrderElementsOf(eventTypes());
        AnnotationEventHandlerAdapter handlers =
                new AnnotationEventHandlerAdapter(new NotificationAuditProjection(mongo, new BatchedViewWrites(mongo)));

        for (int sequence = 0; sequence < oneOfEach.size(); sequence++) {
            handlers.handle(message(ID, sequence, oneOfEach.get(sequence)));
        }

        List<AuditEntryResponse> entries = new NotificationAuditQueryHandler(mongo)
                .handle(new FetchNotificationAuditQuery(ID, null)).entries();
        assertThat(entries).extracting(AuditEntryResponse::type).containsExactlyElementsOf(oneOfEach.stream()
                .map(event -> event.getClass().getSimpleName().replaceFirst("Event$", "")).toList());
        for (int i = 0; i < oneOfEach.size(); i++) {
            assertThat(entries.get(i).details()).as(entries.get(i).type())
                    .containsExactlyEntriesOf(everyFieldButTheHiddenOnes(oneOfEach.get(i)));
        }
        assertThat(entries.get(1).details()).containsEntry("sendAt", at(60).toString());
        assertThat(entries.get(5).details()).containsEntry("backoff", Duration.ofSeconds(30).toString());
        assertThat(entries.get(9).details()).containsEntry("operator", "ops-joe").containsEntry("reason", "vendor fixed");
    }

    /**
     * What the audit must show of an event: each of its fields with a value, as JSON writes it, but the
     * notification id (the entry's own), the body and the request fingerprint, and the recipient masked. A
     * field added to an event and not to its audit handler fails here.
     */
    private static Map<String, Object> everyFieldButTheHiddenOnes(Object event) {
        ObjectMapper json = bootLikeObjectMapper();
        Map<String, Object> fields = json.convertValue(event, json.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        fields.keySet().removeAll(Set.of("notificationId", "body", "requestFingerprint"));
        fields.values().removeIf(Objects::isNull);
        fields.computeIfPresent("recipient", (key, recipient) -> RecipientMask.mask((String) recipient));
        return fields;
    }

    /** The records directly in the event package (its sub-packages hold no events). */
    private static Set<String> eventTypes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> reader.getClassMetadata().getSuperClassName() != null
                && reader.getClassMetadata().getSuperClassName().equals(Record.class.getName()));
        return scanner.findCandidateComponents(EVENT_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .filter(name -> ClassUtils.getPackageName(name).equals(EVENT_PACKAGE))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
