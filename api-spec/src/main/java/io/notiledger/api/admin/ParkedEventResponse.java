package io.notiledger.api.admin;

import java.time.Instant;

/**
 * An event a view could not apply, parked with the notification's later events behind it.
 *
 * @param sequence       the event's position in its notification's history
 * @param causeType      the failure's class; null for an event parked only because an earlier one of its
 *                       notification is
 * @param firstFailureAt when the event was parked
 * @param lastFailureAt  when it was last parked or retried without success
 * @param failures       how many times applying it failed (0 for an event parked behind an earlier one)
 */
public record ParkedEventResponse(
        String notificationId,
        String eventType,
        long sequence,
        String eventId,
        String causeType,
        String causeMessage,
        Instant firstFailureAt,
        Instant lastFailureAt,
        int failures) {
}
