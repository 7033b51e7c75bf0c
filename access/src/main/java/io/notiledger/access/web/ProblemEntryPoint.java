package io.notiledger.access.web;

import io.notiledger.api.error.ErrorCode;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 for a request without a valid key: no key, another scheme, or a key that is unknown or revoked (one
 * answer for all, so that it tells a guesser nothing), with {@code WWW-Authenticate: Bearer}.
 */
public class ProblemEntryPoint implements ServerAuthenticationEntryPoint {

    private final ProblemWriter problems;

    public ProblemEntryPoint(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"notiledger\"");
        return problems.write(exchange, ErrorCode.UNAUTHENTICATED,
                "Send a live API key as 'Authorization: Bearer <key>'; operators make keys with POST /admin/v1/api-keys");
    }
}
