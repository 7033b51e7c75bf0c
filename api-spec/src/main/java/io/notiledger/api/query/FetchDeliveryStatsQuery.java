package io.notiledger.api.query;

import io.notiledger.api.notification.Channel;

import java.time.Instant;

/**
 * Answered with a {@link DeliveryStatsResponse}: the delivery statistics of events that happened in
 * [{@code from}, {@code to}), rolled up into buckets of {@code granularity}. A null tenant (an operator's
 * query) counts every tenant; a null channel every channel.
 */
public record FetchDeliveryStatsQuery(String tenantId, Instant from, Instant to, StatsGranularity granularity,
                                      Channel channel) {
}
