package io.notiledger.web.limits;

import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import reactor.netty.http.server.HttpRequestDecoderSpec;

/**
 * Raises Netty's limits on the request line and the headers to {@link HttpLimitsProperties#decoderLimit()}:
 * Netty answers a request over its limits itself, with an empty 414 or 431, so they must lie above the limits
 * {@link HttpLimitsFilter} answers as problem+json. Runs after Spring Boot's own customizer and keeps what it
 * set (a larger {@code server.max-http-request-header-size} wins).
 */
public class NettyDecoderLimits implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private final int decoderLimit;

    public NettyDecoderLimits(HttpLimitsProperties limits) {
        this.decoderLimit = Math.toIntExact(limits.decoderLimit().toBytes());
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> {
            HttpRequestDecoderSpec current = server.configuration().decoder();
            return server.httpRequestDecoder(spec -> spec
                    .maxInitialLineLength(Math.max(current.maxInitialLineLength(), decoderLimit))
                    .maxHeaderSize(Math.max(current.maxHeaderSize(), decoderLimit))
                    .maxChunkSize(current.maxChunkSize())
                    .validateHeaders(current.validateHeaders())
                    .initialBufferSize(current.initialBufferSize())
                    .allowDuplicateContentLengths(current.allowDuplicateContentLengths())
                    .allowPartialChunks(current.allowPartialChunks())
                    .h2cMaxContentLength(current.h2cMaxContentLength()));
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
