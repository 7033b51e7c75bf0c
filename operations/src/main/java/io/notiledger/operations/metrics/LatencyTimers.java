package io.notiledger.operations.metrics;

import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;

/**
 * The ledger's latency timers, all with the same fixed histogram buckets (from 5 ms to 10 minutes), so that
 * Prometheus can compute percentiles across instances with {@code histogram_quantile} and each timer costs a
 * known number of series.
 */
public final class LatencyTimers {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(10)};

    private LatencyTimers() {
    }

    public static Timer.Builder timer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }

    /** The time from an event's timestamp to now, never negative (clocks of two hosts may disagree). */
    public static Duration since(Instant timestamp) {
        Duration lag = Duration.between(timestamp, Instant.now());
        return lag.isNegative() ? Duration.ZERO : lag;
    }
}
