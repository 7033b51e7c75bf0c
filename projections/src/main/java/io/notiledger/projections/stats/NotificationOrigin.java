package io.notiledger.projections.stats;

import io.notiledger.api.notification.Channel;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * What {@code delivery_stats} needs to know of a notification when its later events come, which do not carry it:
 * its tenant and channel (to find the counters) and when it was requested (to measure its latency). Written
 * from the notification's request event, in {@code delivery_stats_origins}.
 *
 * @param countedSequence the sequence number of the notification's newest event counted in {@code delivery_stats}
 *                        (null before the first is): an event at or below it is not counted again
 *                        (see {@link DeliveryStatsProjection})
 */
@Document(NotificationOrigin.COLLECTION)
public record NotificationOrigin(@Id String id, String tenantId, Channel channel, Instant requestedAt, Long countedSequence) {

    public static final String COLLECTION = "delivery_stats_origins";
}
