package io.notiledger.projections;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param batchSize events each view processor handles per unit of work */
@ConfigurationProperties("ledger.projections")
public record ProjectionProperties(@DefaultValue("200") int batchSize) {
}
