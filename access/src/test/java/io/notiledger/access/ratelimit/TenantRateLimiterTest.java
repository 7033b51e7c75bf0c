package io.notiledger.access.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantRateLimiterTest {

    private final TenantRateLimiter limiter = new TenantRateLimiter(new RateLimitProperties(1, 3,
            Map.of("big", new RateLimitProperties.Limit(1000, 100))));

    @Test
    void aTenantGetsItsBurstThenWaitsForTheRefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("acme").allowed()).as("request %d", i + 1).isTrue();
        }

        TenantRateLimiter.Decision fourth = limiter.tryAcquire("acme");

        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void eachTenantHasItsOwnBucketAndAnOverrideReplacesTheDefault() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("acme");
        }

        assertThat(limiter.tryAcquire("acme").allowed()).isFalse();
        assertThat(limiter.tryAcquire("globex").allowed()).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("big").allowed()).as("request %d of big", i + 1).isTrue();
        }
    }

    @Test
    void aLimitBelowOneIsRefusedAtStart() {
        assertThatThrownBy(() -> new RateLimitProperties(0, 10, Map.of()))
                .hasMessageContaining("ledger.security.rate-limit");
        assertThatThrownBy(() -> new RateLimitProperties(10, 10, Map.of("t", new RateLimitProperties.Limit(5, 0))))
                .hasMessageContaining("ledger.security.rate-limit.tenants.t");
    }
}
