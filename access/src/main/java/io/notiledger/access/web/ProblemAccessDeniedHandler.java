package io.notiledger.access.web;

import io.notiledger.api.error.ErrorCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 403 for a valid key whose roles do not reach the endpoint. */
public class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

    private final ProblemWriter problems;

    public ProblemAccessDeniedHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return problems.write(exchange, ErrorCode.FORBIDDEN,
                "This API key's roles do not allow " + exchange.getRequest().getMethod() + " on this resource");
    }
}
