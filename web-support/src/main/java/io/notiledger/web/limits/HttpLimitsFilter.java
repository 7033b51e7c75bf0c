package io.notiledger.web.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses a request whose target, headers or body is larger than {@link HttpLimitsProperties} allows, with
 * 414, 431 or 413 problem+json, before any API code reads it. A body without a {@code Content-Length}
 * (chunked) is counted as it is read, and reading fails with 413 once it passes the limit.
 * Refusals are logged at WARN with sizes only: the target and headers may hold personal data.
 */
public class HttpLimitsFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(HttpLimitsFilter.class);

    /** Right after {@code KeepAliveSafeExchangeFilter}: answering inside Netty's read call stalls kept-alive connections. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    private final HttpLimitsProperties limits;
    private final ObjectMapper json;

    public HttpLimitsFilter(HttpLimitsProperties limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        int uriLength = targetLength(request);
        if (uriLength > limits.maxUriLength()) {
            log.warn("Refused {}: request target of {} characters (limit {})", request.getMethod(), uriLength, limits.maxUriLength());
            return refuse(exchange, ErrorCode.URI_TOO_LONG,
                    "The request URI is " + uriLength + " characters long; the ledger accepts at most " + limits.maxUriLength());
        }
        long headerBytes = headerBytes(request.getHeaders());
        if (headerBytes > limits.maxHeaderSize().toBytes()) {
            log.warn("Refused {} {}: headers of {} bytes (limit {})", request.getMethod(), request.getPath().value(),
                    headerBytes, limits.maxHeaderSize().toBytes());
            return refuse(exchange, ErrorCode.HEADERS_TOO_LARGE, "The request headers take " + headerBytes
                    + " bytes; the ledger accepts at most " + limits.maxHeaderSize().toBytes() + " in all");
        }
        long declared = request.getHeaders().getContentLength();
        if (declared > limits.maxBodySize().toBytes()) {
            log.warn("Refused {} {}: body of {} bytes (limit {})", request.getMethod(), request.getPath().value(),
                    declared, limits.maxBodySize().toBytes());
            return refuse(exchange, ErrorCode.PAYLOAD_TOO_LARGE, "The request body has " + declared
                    + " bytes; the ledger accepts at most " + limits.maxBodySize().toBytes());
        }
        return chain.filter(exchange.mutate().request(new CountedBody(request, limits.maxBodySize().toBytes())).build());
    }

    /** The request target as the client sent it: raw path and query, still percent-encoded. */
    private static int targetLength(ServerHttpRequest request) {
        String path = request.getURI().getRawPath();
        String query = request.getURI().getRawQuery();
        return (path == null ? 0 : path.length()) + (query == null ? 0 : query.length() + 1);
    }

    /** Header bytes as they travel: "name: value" and CRLF per value. */
    private static long headerBytes(HttpHeaders headers) {
        long total = 0;
        for (Map.Entry<String, List<String>> header : headers.headerSet()) {
            for (String value : header.getValue()) {
                total += header.getKey().length() + 2 + value.length() + 2;
            }
        }
        return total;
    }

    private Mono<Void> refuse(ServerWebExchange exchange, ErrorCode code, String detail) {
        ProblemDetail problem = Problems.of(code, detail, exchange.getRequest().getPath().value());
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(Problems.members(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a problem", e);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setRawStatusCode(code.httpStatus());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        // the rest of an oversized request is never read, so the connection cannot carry another one
        response.getHeaders().setConnection("close");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /** A request body that fails with 413 once more bytes than the limit have arrived. */
    private static final class CountedBody extends ServerHttpRequestDecorator {

        private final long limit;

        CountedBody(ServerHttpRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong read = new AtomicLong();
            return super.getBody().map(buffer -> {
                if (read.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    log.warn("Refused {} {}: body without a length passed {} bytes", getMethod(), getPath().value(), limit);
                    throw new PayloadTooLargeException(new IllegalStateException(
                            "The request body has more than " + limit + " bytes"));
                }
                return buffer;
            });
        }
    }
}
