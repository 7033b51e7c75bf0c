package io.notiledger.operations.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the series the {@code tenant} tag can create: the first {@code maxTenants} tenants seen keep their own
 * series, every later one is counted under {@value #OTHER}. Tenants come from API keys that operators make, so
 * their number is known and usually small; the bound protects Prometheus when it is not.
 */
public final class TenantTagLimit implements MeterFilter {

    public static final String TAG = "tenant";
    public static final String OTHER = "_other";

    private final int maxTenants;
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();

    public TenantTagLimit(int maxTenants) {
        this.maxTenants = maxTenants;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String tenant = id.getTag(TAG);
        if (tenant == null || tenants.contains(tenant) || admit(tenant)) {
            return id;
        }
        return id.withTag(Tag.of(TAG, OTHER)); // replaces the tag of the same key
    }

    private synchronized boolean admit(String tenant) {
        if (tenants.size() >= maxTenants) {
            return false;
        }
        tenants.add(tenant);
        return true;
    }
}
