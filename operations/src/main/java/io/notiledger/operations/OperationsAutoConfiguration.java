package io.notiledger.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.notiledger.operations.balancing.BalancingProperties;
import io.notiledger.operations.metrics.MetricsProperties;
import io.notiledger.operations.metrics.ProcessorLag;
import io.notiledger.operations.metrics.ProcessorMeters;
import io.notiledger.operations.metrics.TenantTagLimit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * What each side needs to run as several instances and be watched: meters of every event processor
 * ({@link ProcessorMeters}, {@link ProcessorLag}), a bound on the series the tenant tag makes, and the
 * properties of segment balancing (each side declares its {@code SegmentBalancer} with the store its instances
 * share). The meters reach Prometheus through {@code /actuator/prometheus} (operators only).
 */
@AutoConfiguration
@EnableConfigurationProperties({MetricsProperties.class, BalancingProperties.class})
public class OperationsAutoConfiguration {

    @Bean
    TenantTagLimit tenantTagLimit(MetricsProperties properties) {
        return new TenantTagLimit(properties.maxTenants());
    }

    @Bean
    ProcessorMeters processorMeters(EventProcessingConfiguration processing, MeterRegistry registry) {
        return new ProcessorMeters(processing, registry);
    }

    /** The registry is looked up when Axon builds the processors, long after this configuration ran. */
    @Autowired
    void measureProcessorLag(EventProcessingConfigurer processing, ObjectProvider<MeterRegistry> registry) {
        processing.registerDefaultHandlerInterceptor(
                (configuration, processor) -> new ProcessorLag(registry.getObject(), processor));
    }
}
