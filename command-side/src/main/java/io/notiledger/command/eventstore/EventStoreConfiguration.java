package io.notiledger.command.eventstore;

import io.notiledger.api.notification.LedgerMetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store of record: Axon's JDBC event storage engine, auto-configured on the application's
 * PostgreSQL DataSource (embedded in the standalone ledger, external in production), and the meta-data
 * every event inherits from the command that caused it. The tables come from the Flyway migrations in
 * {@code db/migration}.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** Tenant, client correlation id and actor travel from each command to its events and on to Kafka headers. */
    @Bean
    CorrelationDataProvider ledgerCorrelationData() {
        return new SimpleCorrelationDataProvider(LedgerMetaData.TENANT_ID, LedgerMetaData.CORRELATION_ID, LedgerMetaData.ACTOR);
    }

    /** The causing message's id and the trace of the original request, under names that do not clash. */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider("causationId", "traceId");
    }

    /** Commits, rollbacks and SQL statements, counted by the database: round trips per notification. */
    @Bean
    EventStoreRoundTrips eventStoreRoundTrips(JdbcTemplate jdbc) {
        return new EventStoreRoundTrips(jdbc);
    }
}
