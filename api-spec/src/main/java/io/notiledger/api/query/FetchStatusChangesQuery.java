package io.notiledger.api.query;

import java.time.Instant;

/**
 * Answered with a {@link StatusChangesResponse}: the notifications whose status view changed after the
 * position ({@code changedAt}, {@code notificationId}), oldest change first, at most {@code limit}. A null
 * position asks for the latest {@code limit} changes; a null tenant (an operator's query) every tenant's.
 */
public record FetchStatusChangesQuery(String tenantId, Instant changedAt, String notificationId, int limit) {
}
