package io.notiledger.access.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;

/** One Bucket4j token bucket per tenant, kept while the tenant is active. */
public class TenantRateLimiter {

    private final LoadingCache<String, Bucket> buckets;

    public TenantRateLimiter(RateLimitProperties properties) {
        // a bucket idle for an hour is full again anyway: dropping it forgets nothing
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofHours(1))
                .build(tenant -> bucketOf(properties.limitOf(tenant)));
    }

    /** Takes one request from the tenant's bucket; when it is empty, how long until one is there again. */
    public Decision tryAcquire(String tenant) {
        ConsumptionProbe probe = buckets.get(tenant).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Decision.ALLOWED : new Decision(false, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private static Bucket bucketOf(RateLimitProperties.Limit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)).build())
                .build();
    }

    /** Whether a request may go on, and if not, after how long it may be tried again. */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }
}
