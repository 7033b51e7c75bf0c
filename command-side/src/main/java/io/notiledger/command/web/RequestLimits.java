package io.notiledger.command.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Limits on what a client may send ({@code ledger.api.limits.*}); openapi.yaml documents the defaults.
 *
 * @param maxBodyChars       longest notification body, in characters
 * @param maxScheduleAhead   how far in the future {@code sendAt} may lie
 * @param maxScheduleBehind  how far in the past {@code sendAt} may lie (a clock a little behind, a retry of
 *                           an old request); further back is a mistake, not "now"
 * @param maxMetadataEntries most metadata entries on one notification
 * @param maxReasonChars     longest cancellation reason
 */
@ConfigurationProperties("ledger.api.limits")
public record RequestLimits(
        @DefaultValue("65536") int maxBodyChars,
        @DefaultValue("998") int maxSubjectChars,
        @DefaultValue("320") int maxRecipientChars,
        @DefaultValue("128") int maxCorrelationIdChars,
        @DefaultValue("255") int maxIdempotencyKeyChars,
        @DefaultValue("20") int maxMetadataEntries,
        @DefaultValue("64") int maxMetadataKeyChars,
        @DefaultValue("512") int maxMetadataValueChars,
        @DefaultValue("366d") Duration maxScheduleAhead,
        @DefaultValue("1h") Duration maxScheduleBehind,
        @DefaultValue("500") int maxReasonChars) {
}
