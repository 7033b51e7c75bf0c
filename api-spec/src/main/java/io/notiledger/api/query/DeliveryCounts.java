package io.notiledger.api.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happened in one bucket of time (or in the whole range, for the totals).
 *
 * @param start                the bucket's first instant (the range's {@code from} for the totals)
 * @param requested            notifications requested
 * @param sent                 notifications sent
 * @param failedAttempts       delivery attempts that failed, by error code
 * @param deadLettered         notifications the ledger gave up on
 * @param cancelled            notifications cancelled
 * @param latency              sent notifications by the time from request to sent, per
 *                             {@link DeliveryStatsResponse#latencyBucketsMillis()} bound (the last entry counts those above the last bound)
 * @param latencySumMillis     the sum of those times, so that a mean can be shown
 */
public record DeliveryCounts(Instant start, long requested, long sent, Map<String, Long> failedAttempts,
                             long deadLettered, long cancelled, List<Long> latency, long latencySumMillis) {
}
