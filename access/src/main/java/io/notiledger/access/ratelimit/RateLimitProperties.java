package io.notiledger.access.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * {@code ledger.security.rate-limit.*}: how many notification requests ({@code POST /v1/notifications}) a tenant
 * may make, as a token bucket: {@code burst} at once, refilled at {@code requests-per-second}. Every process
 * counts on its own, so behind a load balancer a tenant gets up to this much from each instance.
 *
 * @param requestsPerSecond the default refill rate of every tenant
 * @param burst             the default capacity of every tenant's bucket
 * @param tenants           per-tenant limits that replace the default, by tenant id
 */
@ConfigurationProperties("ledger.security.rate-limit")
public record RateLimitProperties(@DefaultValue("1000") long requestsPerSecond,
                                  @DefaultValue("2000") long burst,
                                  Map<String, Limit> tenants) {

    public RateLimitProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        Limit.check("ledger.security.rate-limit", requestsPerSecond, burst);
        tenants.forEach((tenant, limit) -> Limit.check("ledger.security.rate-limit.tenants." + tenant,
                limit.requestsPerSecond(), limit.burst()));
    }

    public Limit limitOf(String tenant) {
        return tenants.getOrDefault(tenant, new Limit(requestsPerSecond, burst));
    }

    /** One tenant's bucket: {@code burst} tokens, refilled at {@code requestsPerSecond}. */
    public record Limit(long requestsPerSecond, long burst) {

        static void check(String name, long requestsPerSecond, long burst) {
            if (requestsPerSecond < 1 || burst < 1) {
                throw new IllegalArgumentException(name + ": requests-per-second and burst must be at least 1");
            }
        }
    }
}
