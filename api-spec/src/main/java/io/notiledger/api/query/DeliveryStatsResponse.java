package io.notiledger.api.query;

import io.notiledger.api.notification.Channel;

import java.time.Instant;
import java.util.List;

/**
 * Delivery statistics for a range of time, from the {@code delivery_stats} view.
 *
 * @param latencyBucketsMillis the upper bounds (inclusive) of the latency histogram's buckets
 * @param buckets              the non-empty buckets, oldest first
 * @param totals               the whole range
 */
public record DeliveryStatsResponse(Instant from, Instant to, StatsGranularity bucket, Channel channel,
                                    List<Long> latencyBucketsMillis, List<DeliveryCounts> buckets, DeliveryCounts totals) {
}
