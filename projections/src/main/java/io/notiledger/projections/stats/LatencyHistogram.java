package io.notiledger.projections.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed buckets of the request-to-sent latency: fixed, so that buckets of different minutes, tenants and
 * channels add up. A latency falls into the first bucket whose bound it does not exceed; the last bucket takes
 * everything above the last bound.
 */
public final class LatencyHistogram {

    public static final List<Long> BOUNDS_MILLIS =
            List.of(100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L, 30_000L, 60_000L, 300_000L);

    private LatencyHistogram() {
    }

    /** The document key of the bucket this latency falls into. */
    static String keyOf(Duration latency) {
        long millis = Math.max(0, latency.toMillis());
        for (Long bound : BOUNDS_MILLIS) {
            if (millis <= bound) {
                return "le" + bound;
            }
        }
        return "inf";
    }

    /** Every bucket's document key, in order; one more than there are bounds. */
    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        BOUNDS_MILLIS.forEach(bound -> keys.add("le" + bound));
        keys.add("inf");
        return keys;
    }
}
