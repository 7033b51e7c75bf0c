package io.notiledger.web.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one HTTP request may weigh ({@code ledger.http.limits.*}); above it the ledger answers 414, 431 or 413
 * as problem+json before any API code runs.
 *
 * @param maxUriLength   longest request target (path and query), in characters
 * @param maxHeaderSize  all header names and values together
 * @param maxBodySize    the request body
 * @param decoderLimit   Netty's own limit on the request line and on the headers: a request above it gets
 *                       Netty's empty 414/431, so it lies well above the two limits this filter answers
 */
@ConfigurationProperties("ledger.http.limits")
public record HttpLimitsProperties(
        @DefaultValue("2048") int maxUriLength,
        @DefaultValue("16KB") DataSize maxHeaderSize,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("64KB") DataSize decoderLimit) {
}
