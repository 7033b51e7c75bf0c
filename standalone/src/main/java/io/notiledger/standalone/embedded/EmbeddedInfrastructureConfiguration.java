package io.notiledger.standalone.embedded;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import javax.sql.DataSource;
import java.io.IOException;

/**
 * Starts the embedded servers before the ledger's own beans: they are declared first, and the MongoDB
 * client waits for its server explicitly. Each one stops when the application context closes.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
@EnableConfigurationProperties(EmbeddedProperties.class)
public class EmbeddedInfrastructureConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ledger.embedded.postgres.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedProperties properties) throws IOException {
        return new EmbeddedPostgresServer(properties.dataDir().resolve("eventstore"), properties.postgres());
    }

    /** Every DataSource (and so Flyway, the event store and the deadline scheduler) waits for the embedded server. */
    @Bean
    @ConditionalOnProperty(name = "ledger.embedded.postgres.enabled", havingValue = "true", matchIfMissing = true)
    static BeanFactoryPostProcessor dataSourcesWaitForEmbeddedPostgres() {
        return new DataSourcesDependOnEmbeddedPostgres();
    }

    private static final class DataSourcesDependOnEmbeddedPostgres extends AbstractDependsOnBeanFactoryPostProcessor {
        DataSourcesDependOnEmbeddedPostgres() {
            super(DataSource.class, "embeddedPostgresServer");
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ledger.embedded.kafka.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedKafkaBroker embeddedKafkaBroker(EmbeddedProperties properties) throws Exception {
        return new EmbeddedKafkaBroker(properties.dataDir().resolve("kafka"), properties.kafka());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ledger.embedded.mongo.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedMongoServer embeddedMongoServer(EmbeddedProperties properties) throws Exception {
        return new EmbeddedMongoServer(properties.dataDir().resolve("views").resolve("mongo.mv"), properties.mongo());
    }

    /** Makes the MongoDB client (and so every view) depend on the embedded server being up. */
    @Bean
    @ConditionalOnProperty(name = "ledger.embedded.mongo.enabled", havingValue = "true", matchIfMissing = true)
    MongoClientSettingsBuilderCustomizer waitForEmbeddedMongo(EmbeddedMongoServer server) {
        return settings -> { };
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ledger.embedded.smtp.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedSmtpServer embeddedSmtpServer(EmbeddedProperties properties) {
        return new EmbeddedSmtpServer(properties.smtp());
    }
}
