package io.notiledger.api.query;

import java.time.Instant;

/**
 * Answered with an {@link AuditSearchResponse}: audit entries of every notification that match every given filter
 * (a null filter matches all), newest first, at most {@code limit} of them, starting after {@code after}.
 *
 * @param tenantId  the only tenant searched; null (an operator's search) searches every tenant
 * @param type      the event type as the audit names it, e.g. {@code DeliveryAttemptFailed}
 * @param from      occurred at or after this instant
 * @param to        occurred before this instant
 * @param errorCode the failure's code (of a failed attempt or a dead-lettering)
 * @param after     the position the previous page ended at; null for the first page
 */
public record SearchAuditEventsQuery(
        String tenantId,
        String type,
        Instant from,
        Instant to,
        String actor,
        String errorCode,
        String correlationId,
        PagePosition after,
        int limit) {
}
