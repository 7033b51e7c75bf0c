package io.notiledger.projections.stats;

import io.notiledger.api.query.DeliveryCounts;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counters of one bucket of time, added up from the minutes that fall into it. */
final class StatsSum {

    private static final List<String> LATENCY_KEYS = LatencyHistogram.keys();

    private final Instant start;
    private long requested;
    private long sent;
    private final Map<String, Long> failedAttempts = new TreeMap<>();
    private long deadLettered;
    private long cancelled;
    private final long[] latency = new long[LATENCY_KEYS.size()];
    private long latencySumMillis;

    StatsSum(Instant start) {
        this.start = start;
    }

    void add(DeliveryStatsView minute) {
        requested += orZero(minute.requested());
        sent += orZero(minute.sent());
        if (minute.failedAttempts() != null) {
            minute.failedAttempts().forEach((code, count) -> failedAttempts.merge(code, count, Long::sum));
        }
        deadLettered += orZero(minute.deadLettered());
        cancelled += orZero(minute.cancelled());
        if (minute.latency() != null) {
            for (int i = 0; i < latency.length; i++) {
                latency[i] += minute.latency().getOrDefault(LATENCY_KEYS.get(i), 0L);
            }
        }
        latencySumMillis += orZero(minute.latencySumMillis());
    }

    private static long orZero(Long counter) {
        return counter == null ? 0 : counter;
    }

    DeliveryCounts counts() {
        return new DeliveryCounts(start, requested, sent, failedAttempts, deadLettered, cancelled,
                Arrays.stream(latency).boxed().toList(), latencySumMillis);
    }
}
