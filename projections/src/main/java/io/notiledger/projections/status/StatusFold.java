package io.notiledger.projections.status;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;

import java.time.Instant;

/**
 * The rules of {@code notification_status}: what each event of a notification changes in its status. The status
 * projection applies them to the view as the events arrive, and {@link StatusAsOfQueryHandler} folds a
 * notification's recorded events with them to tell its status at an earlier moment, so both always agree.
 * Each rule takes the event's fields it needs, not the event, so that an event read back from the audit
 * folds exactly like the event itself.
 */
public final class StatusFold {

    private StatusFold() {
    }

    /** The fields a notification starts with; its recipient already masked. */
    public static StatusChange requested(String tenantId, Channel channel, Priority priority, String maskedRecipient,
                                         Instant sendAt, String correlationId) {
        return StatusChange.to(NotificationStatus.REQUESTED)
                .set("tenantId", tenantId)
                .set("channel", channel)
                .set("priority", priority)
                .set("recipient", maskedRecipient)
                .set("attempts", 0)
                .set("sendAt", sendAt)
                .set("correlationId", correlationId);
    }

    public static StatusChange scheduled(Instant sendAt) {
        return StatusChange.to(NotificationStatus.SCHEDULED).set("sendAt", sendAt);
    }

    public static StatusChange queued() {
        return StatusChange.to(NotificationStatus.QUEUED).unset("nextAttemptAt");
    }

    public static StatusChange attemptStarted(int attemptNumber) {
        return StatusChange.to(NotificationStatus.SENDING).set("attempts", attemptNumber);
    }

    public static StatusChange sent(String vendor, String vendorMessageId) {
        return StatusChange.to(NotificationStatus.SENT).set("vendor", vendor).set("vendorMessageId", vendorMessageId);
    }

    /** The attempt's failure is recorded here; the state it leads to comes with the next event. */
    public static StatusChange attemptFailed(String vendor, String errorCode, String errorMessage) {
        return StatusChange.to(null)
                .set("vendor", vendor)
                .set("lastErrorCode", errorCode)
                .set("lastErrorMessage", errorMessage);
    }

    public static StatusChange retryScheduled(Instant nextAttemptAt) {
        return StatusChange.to(NotificationStatus.RETRY_SCHEDULED).set("nextAttemptAt", nextAttemptAt);
    }

    public static StatusChange deadLettered(String lastErrorCode) {
        return StatusChange.to(NotificationStatus.DEAD_LETTERED).set("lastErrorCode", lastErrorCode);
    }

    public static StatusChange cancelled() {
        return StatusChange.to(NotificationStatus.CANCELLED).unset("nextAttemptAt");
    }

    /** A re-drive enters no state itself: the queueing that follows it does. */
    public static StatusChange redriveRequested() {
        return StatusChange.to(null);
    }
}
