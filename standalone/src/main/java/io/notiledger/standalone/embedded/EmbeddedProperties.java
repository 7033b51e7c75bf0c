package io.notiledger.standalone.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The infrastructure the standalone ledger runs in its own process ({@code ledger.embedded.*}). Each
 * piece can be switched off to use an external server instead (then point the matching
 * {@code spring.datasource}, {@code axon.kafka}, {@code spring.data.mongodb} or
 * {@code ledger.delivery.email} properties at it).
 *
 * @param dataDir where the event store (PostgreSQL), the Kafka log and the MongoDB stand-in keep their files
 */
@ConfigurationProperties("ledger.embedded")
public record EmbeddedProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Postgres postgres,
        @DefaultValue Kafka kafka,
        @DefaultValue Mongo mongo,
        @DefaultValue Smtp smtp) {

    /** The event store's server; its data lives in {@code dataDir/eventstore}. */
    public record Postgres(@DefaultValue("true") boolean enabled,
                           @DefaultValue("5433") int port) {
    }

    public record Kafka(@DefaultValue("true") boolean enabled,
                        @DefaultValue("9092") int port,
                        @DefaultValue("9093") int controllerPort,
                        @DefaultValue("6") int partitions) {
    }

    /** @param inMemory keep the views in memory instead of the stand-in's file (its H2 MVStore backend) under {@code dataDir} */
    public record Mongo(@DefaultValue("true") boolean enabled,
                        @DefaultValue("27017") int port,
                        @DefaultValue("false") boolean inMemory) {
    }

    public record Smtp(@DefaultValue("true") boolean enabled,
                       @DefaultValue("3025") int port,
                       @DefaultValue("3143") int imapPort,
                       @DefaultValue("3110") int pop3Port) {
    }
}
