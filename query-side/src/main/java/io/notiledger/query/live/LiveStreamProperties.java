package io.notiledger.query.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param pollInterval how often a stream asks the status view for changes
 * @param heartbeat    how often a quiet stream sends a comment, so that proxies and clients keep it open
 * @param overlap      how far back each poll looks again: a batch's changes become visible in the view over the
 *                     time its bulk write takes, so a change may appear after a later one was already sent
 * @param pageSize     changes read per query
 * @param initialChanges changes sent first to a client that does not resume (the latest ones)
 */
@ConfigurationProperties("ledger.api.stream")
public record LiveStreamProperties(@DefaultValue("500ms") Duration pollInterval,
                                   @DefaultValue("15s") Duration heartbeat,
                                   @DefaultValue("2s") Duration overlap,
                                   @DefaultValue("200") int pageSize,
                                   @DefaultValue("20") int initialChanges) {
}
