package io.notiledger.command;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The command side's own tunables ({@code ledger.command.*}); a value out of bounds stops the start with the
 * property's name.
 *
 * @param aggregateCache notifications kept in memory between their commands
 * @param processors     the command side's event processors (see {@link CommandSideProcessors})
 */
@Validated
@ConfigurationProperties("ledger.command")
public record CommandSideProperties(@DefaultValue @Valid AggregateCache aggregateCache,
                                    @DefaultValue @Valid Processors processors) {

    /**
     * @param entries notifications kept; one holds its body (at most 65,536 characters), so the worst case is a
     *                few hundred megabytes at the default, the usual a few megabytes
     */
    public record AggregateCache(@DefaultValue("4096") @Min(1) @Max(1_000_000) long entries) {
    }

    /**
     * @param publisher the {@code kafka-publisher} processor: the event store to Kafka
     * @param delivery  the {@code delivery} processor: queued notifications to their channels
     */
    public record Processors(@DefaultValue @Valid Publisher publisher, @DefaultValue @Valid Delivery delivery) {
    }

    /** @param batchSize events sent to Kafka per batch, acknowledged together before the token moves */
    public record Publisher(@DefaultValue("200") @Min(1) @Max(10_000) int batchSize) {
    }

    /**
     * @param threads   batches delivered at once in one process
     * @param segments  parts of the event stream that instances and threads claim; more than threads lets a
     *                  second instance share the work
     * @param batchSize events of one segment handled together: their attempts claimed together, mailed over one
     *                  connection, their outcomes recorded together (see DeliveryProcessor)
     */
    public record Delivery(@DefaultValue("4") @Min(1) @Max(256) int threads,
                           @DefaultValue("4") @Min(1) @Max(256) int segments,
                           @DefaultValue("50") @Min(1) @Max(1_000) int batchSize) {
    }
}
