package io.notiledger.command.publishing;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the ledger's topics are created ({@code ledger.kafka.topics.*}); the topic name itself is
 * {@code axon.kafka.default-topic}.
 *
 * @param partitions        partitions of notifications.events.v1; the key (notification id) keeps one
 *                          notification's events in order on one partition
 * @param replicationFactor 1 for the embedded broker, 3 for a production cluster
 * @param createTimeout     how long start-up waits for the broker to create missing topics
 * @param ackTimeout        how long a publishing batch waits for the broker's acknowledgements
 */
@Validated
@ConfigurationProperties("ledger.kafka.topics")
public record EventTopicProperties(
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration createTimeout,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration ackTimeout) {
}
