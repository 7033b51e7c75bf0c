package io.notiledger.api.query;

import java.time.Duration;

/** The width of the buckets that {@link FetchDeliveryStatsQuery} rolls the stored minutes up into (UTC). */
public enum StatsGranularity {
    MINUTE(Duration.ofMinutes(1)),
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration width;

    StatsGranularity(Duration width) {
        this.width = width;
    }

    public Duration width() {
        return width;
    }
}
