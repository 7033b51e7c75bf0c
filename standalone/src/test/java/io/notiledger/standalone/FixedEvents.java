package io.notiledger.standalone;

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
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.notification.QueueReason;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.util.ClassUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One event of every type the ledger emits, built from fixed values (ids, instants, meta-data), so that
 * their serialised form is the same on every run. The meta-data are test values, not what the ledger
 * would put there today.
 */
final class FixedEvents {

    static final String EVENT_PACKAGE = "io.notiledger.api.event";
    static final String NOTIFICATION_ID = "3f2c6a1e-8b7d-4c59-9e0a-5d41b7c2e9f0";
    static final Instant OCCURRED_AT = Instant.parse("2026-01-15T09:30:00.123Z");
    static final MetaData META_DATA = MetaData.with(LedgerMetaData.TENANT_ID, "tenant-fixture")
            .and(LedgerMetaData.CORRELATION_ID, "correlation-fixture")
            .and(LedgerMetaData.ACTOR, "actor-fixture")
            .and("causationId", "8d1f0e4c-2a6b-4f3e-9c7d-1b5a0e9f3c2d")
            .and("traceId", "0b7e3c9a-5d2f-4e1b-8a6c-3f9d1e7b2a5c");

    private FixedEvents() {
    }

    /** One payload per event type, by type name, in the order of a notification's life. */
    static Map<String, Object> payloads() {
        String id = NOTIFICATION_ID;
        Map<String, Object> payloads = new LinkedHashMap<>();
        List.of(
                new NotificationRequestedEvent(id, "tenant-fixture", new NotificationContent(Channel.EMAIL,
                        "jane.doe@example.com", "Your statement", "Your January statement is ready.",
                        Instant.parse("2026-01-15T10:00:00Z"), Priority.NORMAL, "correlation-fixture",
                        Map.of("campaign", "statements")),
                        "idempotency-fixture", "sha256:0c4f1e2a9b7d"),
                new NotificationScheduledEvent(id, Instant.parse("2026-01-15T10:00:00Z")),
                new NotificationQueuedEvent(id, 1, QueueReason.SCHEDULE_DUE),
                new DeliveryAttemptStartedEvent(id, 1, Channel.EMAIL),
                new DeliveryAttemptFailedEvent(id, 1, "smtp", "SMTP_TRANSIENT_REJECT", "450 mailbox busy", true),
                new RetryScheduledEvent(id, 2, Instant.parse("2026-01-15T10:00:05.250Z"), Duration.ofMillis(5250)),
                new NotificationSentEvent(id, 2, "smtp", "<" + id + "@notiledger.local>", Channel.EMAIL),
                new NotificationDeadLetteredEvent(id, 7, "SMTP_PERMANENT_REJECT", "550 no such user"),
                new NotificationCancelledEvent(id, "actor-fixture", "customer asked"),
                new RedriveRequestedEvent(id, "operator-fixture", "vendor fixed"))
                .forEach(payload -> payloads.put(payload.getClass().getName(), payload));
        return payloads;
    }

    /** The payload as the store holds it: sequence and event id are fixed per type. */
    static DomainEventMessage<Object> message(Object payload) {
        String type = payload.getClass().getSimpleName();
        long sequence = List.copyOf(payloads().keySet()).indexOf(payload.getClass().getName());
        return new GenericDomainEventMessage<>("Notification", NOTIFICATION_ID, sequence, payload, META_DATA,
                "event-" + type, OCCURRED_AT);
    }

    /** The records directly in the event package: every event type (its sub-packages hold no events). */
    static Set<String> eventTypes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> Record.class.getName().equals(reader.getClassMetadata().getSuperClassName()));
        return scanner.findCandidateComponents(EVENT_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .filter(name -> ClassUtils.getPackageName(name).equals(EVENT_PACKAGE))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
