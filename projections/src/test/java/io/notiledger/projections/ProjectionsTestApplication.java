package io.notiledger.projections;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The projections as a deployable hosts them: Spring Boot and Axon auto-configuration, the projection
 * wiring and every component of this module. The standalone deployable has an Axon transaction manager (the
 * event store's JDBC transactions) that MongoDB takes no part in; a transaction manager that covers nothing
 * stands in for it here, so that the projections' processors are tested with the transaction handling they
 * get there.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ViewProcessors.class)
@ComponentScan("io.notiledger.projections")
public class ProjectionsTestApplication {

    /** What the deployables' actuator provides: a registry the views' metrics go to. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    TransactionManager transactionManagerMongoTakesNoPartIn() {
        return () -> new Transaction() {
            @Override
            public void commit() {
            }

            @Override
            public void rollback() {
            }
        };
    }
}
