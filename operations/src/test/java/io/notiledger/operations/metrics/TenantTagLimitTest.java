package io.notiledger.operations.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantTagLimitTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    TenantTagLimitTest() {
        registry.config().meterFilter(new TenantTagLimit(2));
    }

    @Test
    void tenantsBeyondTheLimitAreCountedTogetherAsOther() {
        for (String tenant : new String[]{"a", "b", "c", "d", "a"}) {
            registry.counter("ledger.notifications.requested", "tenant", tenant, "channel", "EMAIL").increment();
        }

        assertThat(registry.get("ledger.notifications.requested").tag("tenant", "a").counter().count()).isEqualTo(2);
        assertThat(registry.get("ledger.notifications.requested").tag("tenant", "b").counter().count()).isEqualTo(1);
        assertThat(registry.get("ledger.notifications.requested").tag("tenant", TenantTagLimit.OTHER).counter().count())
                .isEqualTo(2);
        assertThat(registry.find("ledger.notifications.requested").tag("tenant", "c").counter()).isNull();
    }

    @Test
    void aTenantKeepsItsSeriesInEveryMeter() {
        registry.counter("ledger.notifications.requested", "tenant", "a").increment();
        registry.counter("ledger.notifications.requested", "tenant", "b").increment();
        registry.counter("ledger.notifications.sent", "tenant", "a").increment();
        registry.counter("ledger.notifications.sent", "tenant", "c").increment();

        assertThat(registry.get("ledger.notifications.sent").tag("tenant", "a").counter().count()).isEqualTo(1);
        assertThat(registry.get("ledger.notifications.sent").tag("tenant", TenantTagLimit.OTHER).counter().count())
                .isEqualTo(1);
    }

    @Test
    void metersWithoutATenantAreLeftAlone() {
        registry.counter("jvm.something", "area", "heap").increment();

        assertThat(registry.get("jvm.something").tag("area", "heap").counter().count()).isEqualTo(1);
    }
}
