package io.notiledger.operations.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxTenants tenants that get series of their own in the meters tagged {@code tenant}; later ones are
 *                   counted as {@code _other}
 */
@ConfigurationProperties("ledger.metrics")
public record MetricsProperties(@DefaultValue("100") int maxTenants) {
}
