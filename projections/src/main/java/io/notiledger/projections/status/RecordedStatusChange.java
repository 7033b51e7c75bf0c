package io.notiledger.projections.status;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.Priority;

import java.time.Instant;
import java.util.Map;

/**
 * The change an event made to its notification's status, from the fields a record of it kept: an audit entry, or
 * a line of the history export, whose details are the event's own fields. The as-of query and
 * {@code ledger-admin verify} both fold these, so the rules are {@link StatusFold}'s and nobody else's. It uses
 * nothing but the API's types, so that the command line can use it without the projections' frameworks.
 */
public final class RecordedStatusChange {

    private RecordedStatusChange() {
    }

    /** The change of an event of this type (its name without "Event") with these details. */
    public static StatusChange of(String type, String tenantId, Map<String, Object> details) {
        Map<String, Object> fields = details == null ? Map.of() : details;
        return switch (type) {
            case "NotificationRequested" -> StatusFold.requested(tenantId,
                    enumOf(Channel.class, fields.get("channel")), enumOf(Priority.class, fields.get("priority")),
                    text(fields.get("recipient")), instant(fields.get("sendAt")), text(fields.get("correlationId")));
            case "NotificationScheduled" -> StatusFold.scheduled(instant(fields.get("sendAt")));
            case "NotificationQueued" -> StatusFold.queued();
            case "DeliveryAttemptStarted" -> StatusFold.attemptStarted(((Number) fields.get("attemptNumber")).intValue());
            case "NotificationSent" -> StatusFold.sent(text(fields.get("vendor")), text(fields.get("vendorMessageId")));
            case "DeliveryAttemptFailed" -> StatusFold.attemptFailed(text(fields.get("vendor")),
                    text(fields.get("errorCode")), text(fields.get("errorMessage")));
            case "RetryScheduled" -> StatusFold.retryScheduled(instant(fields.get("nextAttemptAt")));
            case "NotificationDeadLettered" -> StatusFold.deadLettered(text(fields.get("lastErrorCode")));
            case "NotificationCancelled" -> StatusFold.cancelled();
            case "RedriveRequested" -> StatusFold.redriveRequested();
            // an event type this version does not know changes nothing, as in the status projection, which has no handler for it
            default -> StatusChange.to(null);
        };
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** ISO-8601 text, or epoch seconds as a number (how a mapper writing dates as timestamps writes them). */
    private static Instant instant(Object value) {
        if (value instanceof Number seconds) {
            long whole = seconds.longValue();
            return Instant.ofEpochSecond(whole, Math.round((seconds.doubleValue() - whole) * 1_000_000_000L));
        }
        return value == null ? null : Instant.parse(value.toString());
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, Object value) {
        return value == null ? null : Enum.valueOf(type, value.toString());
    }
}
