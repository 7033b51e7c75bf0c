package io.notiledger.projections;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.DeliveryAttemptStartedEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.api.event.RetryScheduledEvent;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.notification.QueueReason;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Ledger events for one notification, as the Notification aggregate emits them. */
public final class LedgerEvents {

    public static final String AGGREGATE_TYPE = "Notification";
    public static final String TENANT = "tenant-a";
    public static final String CORRELATION = "corr-42";
    public static final String ACTOR = "api-client-7";
    public static final String RECIPIENT = "jane.doe@example.com";
    public static final String MASKED_RECIPIENT = "j***e@example.com";
    public static final String BODY = "Your one-time code is 917351";
    public static final String FINGERPRINT = "sha256:5f1e0c2b9a77d3";
    /** The recipient-hash secret the projections under test use (ledger.views.recipient-hash-key). */
    public static final String HASH_KEY = "test-recipient-hash-key-0123456789abcdef";
    /** Millisecond precision, as MongoDB stores instants. */
    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00.000Z");

    private LedgerEvents() {
    }

    /** Like Spring Boot's ObjectMapper in the deployables: java.time written as ISO-8601 text. */
    public static ObjectMapper bootLikeObjectMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    public static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    public static NotificationRequestedEvent requested(String id) {
        return new NotificationRequestedEvent(id, TENANT, new NotificationContent(Channel.EMAIL, RECIPIENT,
                "Sign-in code", BODY, null, Priority.HIGH, CORRELATION, Map.of("campaign", "otp")), "idem-" + id, FINGERPRINT);
    }

    public static NotificationQueuedEvent queued(String id, int attempt) {
        return new NotificationQueuedEvent(id, attempt, attempt == 1 ? QueueReason.REQUESTED : QueueReason.RETRY_DUE);
    }

    public static DeliveryAttemptStartedEvent started(String id, int attempt) {
        return new DeliveryAttemptStartedEvent(id, attempt, Channel.EMAIL);
    }

    public static NotificationSentEvent sent(String id, int attempt) {
        return new NotificationSentEvent(id, attempt, "smtp-primary", "vendor-msg-" + attempt, Channel.EMAIL);
    }

    public static DeliveryAttemptFailedEvent failed(String id, int attempt, String code, boolean retryable) {
        return new DeliveryAttemptFailedEvent(id, attempt, "smtp-primary", code, "vendor said " + code, retryable);
    }

    public static RetryScheduledEvent retryScheduled(String id, int nextAttempt, Instant nextAttemptAt) {
        return new RetryScheduledEvent(id, nextAttempt, nextAttemptAt, Duration.ofSeconds(30));
    }

    public static NotificationDeadLetteredEvent deadLettered(String id, int attempts, String code) {
        return new NotificationDeadLetteredEvent(id, attempts, code, "permanent failure");
    }

    /** requested, queued, attempt 1 started, sent: sequences 0..3. */
    public static List<Object> lifecycle(String id) {
        return List.of(requested(id), queued(id, 1), started(id, 1), sent(id, 1));
    }

    public static DomainEventMessage<Object> message(String id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, id, sequence, payload,
                MetaData.with(LedgerMetaData.TENANT_ID, TENANT)
                        .and(LedgerMetaData.CORRELATION_ID, CORRELATION)
                        .and(LedgerMetaData.ACTOR, ACTOR),
                id + "-event-" + sequence, at((int) sequence));
    }

    /** Each payload becomes the domain event message at its position in the list. */
    public static List<DomainEventMessage<Object>> messages(String id, List<Object> payloads) {
        return IntStream.range(0, payloads.size())
                .mapToObj(sequence -> message(id, sequence, payloads.get(sequence)))
                .toList();
    }
}
