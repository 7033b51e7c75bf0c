package io.notiledger.api.query;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.Locale;

/** The width of the buckets that {@link FetchDeliveryStatsQuery} rolls the stored minutes up into (UTC). */
public enum StatsGranularity {
    MINUTE(Duration.ofMinutes(1)),
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration width;

    StatsGranularity(Duration width) {
        this.width = width;
    }

    /** As the API writes it: {@code minute}, {@code hour}, {@code day}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Duration width() {
        return width;
    }
}
