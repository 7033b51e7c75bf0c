package io.notiledger.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** p50 / p95 / p99 / max of a set of latencies in milliseconds (nearest-rank). */
record Percentiles(long count, double p50, double p95, double p99, double max) {

    static Percentiles of(long[] micros) {
        if (micros.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted[sorted.length - 1] / 1000.0);
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("p50_ms", p50);
        map.put("p95_ms", p95);
        map.put("p99_ms", p99);
        map.put("max_ms", max);
        return map;
    }

    String row() {
        return String.format("%9.1f %9.1f %9.1f %9.1f   (n=%d)", p50, p95, p99, max, count);
    }
}
