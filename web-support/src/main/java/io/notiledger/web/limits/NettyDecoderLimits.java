package io.notiledger.web.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpRequestDecoderSpec;

/**
 * Raises Netty's limits on the request line and the headers to {@link HttpLimitsProperties#decoderLimit()},
 * well above the limits {@link HttpLimitsFilter} answers, and puts an {@link UndecodableRequestHandler} on
 * every connection for what is still over them or not HTTP at all, so that every refusal is a problem+json.
 * Runs after Spring Boot's own customizer and keeps what it set (a larger
 * {@code server.max-http-request-header-size} wins).
 */
public class NettyDecoderLimits implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private final int decoderLimit;
    private final ObjectMapper json;

    public NettyDecoderLimits(HttpLimitsProperties limits, ObjectMapper json) {
        this.decoderLimit = Math.toIntExact(limits.decoderLimit().toBytes());
        this.json = json;
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
                            .h2cMaxContentLength(current.h2cMaxContentLength()))
                    .doOnChannelInit((observer, channel, address) -> {
                        if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                            channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, "ledger.undecodableRequests",
                                    new UndecodableRequestHandler(json));
                        }
                    });
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
