package io.notiledger.operations.balancing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param interval        how often an instance says it is alive and checks its share of segments
 * @param instanceTimeout an instance whose last heartbeat is older is no longer counted
 * @param releaseFor      how long a released segment is left to the other instances before this one may claim it
 *                        again (longer than the processors' token claim interval, 5 s)
 */
@ConfigurationProperties("ledger.processors.balancing")
public record BalancingProperties(@DefaultValue("5s") Duration interval,
                                  @DefaultValue("15s") Duration instanceTimeout,
                                  @DefaultValue("15s") Duration releaseFor) {
}
