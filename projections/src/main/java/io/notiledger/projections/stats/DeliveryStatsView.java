package io.notiledger.projections.stats;

import io.notiledger.api.notification.Channel;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * Counters of one tenant, channel and minute in {@code delivery_stats}, split into {@link #SHARDS} documents by
 * notification. Besides the counters a document holds only the marks of the batch counting into it right now
 * ({@code inFlight}, not read here): how each event is counted once is {@link DeliveryStatsProjection}'s to say.
 * Documents written before that hold {@code appliedEvents}, a list of counted event ids, which nothing reads.
 *
 * Counters a minute never touched are absent (null here).
 *
 * @param latency sent notifications by time from request to sent, keyed by {@link LatencyHistogram} bucket
 */
@Document(DeliveryStatsView.COLLECTION)
@CompoundIndex(name = "tenant_minute", def = "{'tenantId': 1, 'minute': 1}")
@CompoundIndex(name = "minute", def = "{'minute': 1}")
public record DeliveryStatsView(
        @Id String id,
        String tenantId,
        Channel channel,
        Instant minute,
        Long requested,
        Long sent,
        Map<String, Long> failedAttempts,
        Long deadLettered,
        Long cancelled,
        Map<String, Long> latency,
        Long latencySumMillis) {

    public static final String COLLECTION = "delivery_stats";
    static final int SHARDS = 8;

    /** Unambiguous however the tenant is spelled: every part before it has a fixed form. */
    static String idOf(Instant minute, Channel channel, String notificationId, String tenantId) {
        int shard = Math.floorMod(notificationId.hashCode(), SHARDS);
        return minute.getEpochSecond() + "|" + channel + "|" + shard + "|" + tenantId;
    }
}
