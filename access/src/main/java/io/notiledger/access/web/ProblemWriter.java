package io.notiledger.access.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.web.problem.Problems;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes a problem+json answer from a filter, before any controller or its advice could. */
public class ProblemWriter {

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(Problems.members(Problems.of(code, detail, exchange.getRequest().getPath().value())));
        } catch (JsonProcessingException e) {
            return Mono.error(new IllegalStateException("Cannot write a problem", e));
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setRawStatusCode(code.httpStatus());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
