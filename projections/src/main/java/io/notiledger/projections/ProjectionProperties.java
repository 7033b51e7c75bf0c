package io.notiledger.projections;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param batchSize events each view processor handles per unit of work
 * @param parking   bounds of each view's parked events
 * @param segments  segments of each view's processor, each with a thread of its own, so that one instance alone
 *                  runs them all and several instances share them; applies when a view's tokens are first made
 */
@Validated
@ConfigurationProperties("ledger.projections")
public record ProjectionProperties(@DefaultValue("200") @Min(1) @Max(10_000) int batchSize,
                                   @DefaultValue @Valid Parking parking,
                                   @DefaultValue("1") @Min(1) @Max(64) int segments) {

    /**
     * When either bound is reached, an event that fails is no longer parked: its batch fails and is retried
     * until an operator makes room, which halts the view, as it should once this much is wrong.
     *
     * @param maxNotifications         notifications with parked events, per view
     * @param maxEventsPerNotification parked events of one notification, per view
     */
    public record Parking(@DefaultValue("1024") @Min(1) int maxNotifications,
                          @DefaultValue("1024") @Min(1) int maxEventsPerNotification) {
    }
}
