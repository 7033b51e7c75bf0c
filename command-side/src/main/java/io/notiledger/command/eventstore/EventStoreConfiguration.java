package io.notiledger.command.eventstore;

import io.notiledger.api.event.upcasting.NotificationSentEvent1To2Upcaster;
import io.notiledger.api.event.upcasting.RedriveRequestedEvent1To2Upcaster;
import io.notiledger.api.notification.LedgerMetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The store of record: Axon's JDBC event storage engine, auto-configured on the application's
 * PostgreSQL DataSource (embedded in the standalone ledger, external in production), and the meta-data
 * every event inherits from the command that caused it, and the upcasters that read an event's past revisions.
 * The tables come from the Flyway migrations in
 * {@code db/migration}.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** Tenant, client correlation id and actor travel from each command to its events and on to Kafka headers. */
    @Bean
    CorrelationDataProvider ledgerCorrelationData() {
        return new SimpleCorrelationDataProvider(LedgerMetaData.TENANT_ID, LedgerMetaData.CORRELATION_ID, LedgerMetaData.ACTOR);
    }

    /**
     * Old revisions of events, read as the current ones wherever the ledger reads stored events: Axon puts every
     * upcaster bean in the chain of the event store and of the Kafka message converter. The query side declares
     * the same bean; in the all-in-one ledger the first one declared is used.
     */
    @Bean
    @ConditionalOnMissingBean
    static NotificationSentEvent1To2Upcaster notificationSentEvent1To2Upcaster() {
        return new NotificationSentEvent1To2Upcaster();
    }

    /** Revision-1 re-drives read with no run: the command side reads them when it loads a notification. */
    @Bean
    @ConditionalOnMissingBean
    static RedriveRequestedEvent1To2Upcaster redriveRequestedEvent1To2Upcaster() {
        return new RedriveRequestedEvent1To2Upcaster();
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
