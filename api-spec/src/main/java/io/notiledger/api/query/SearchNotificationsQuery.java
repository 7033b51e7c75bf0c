package io.notiledger.api.query;

import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;

import java.time.Instant;
import java.util.List;

/**
 * Answered with a {@link NotificationSearchResponse}: the notifications that match every given filter (a null
 * filter matches all), newest request first, at most {@code limit} of them, starting after {@code after}.
 *
 * @param tenantId      the only tenant searched; null (an operator's search) searches every tenant
 * @param recipient     the exact address; the view matches it through a keyed hash, never by the address itself
 * @param requestedFrom requested at or after this instant
 * @param requestedTo   requested before this instant
 * @param metadata      {@code key=value} entries the notification's metadata must all hold
 * @param after         the position the previous page ended at; null for the first page
 */
public record SearchNotificationsQuery(
        String tenantId,
        NotificationStatus status,
        Channel channel,
        Priority priority,
        String correlationId,
        String recipient,
        Instant requestedFrom,
        Instant requestedTo,
        List<String> metadata,
        PagePosition after,
        int limit) {

    public SearchNotificationsQuery {
        metadata = metadata == null ? List.of() : List.copyOf(metadata);
    }
}
