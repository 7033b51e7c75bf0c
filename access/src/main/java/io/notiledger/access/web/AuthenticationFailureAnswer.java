package io.notiledger.access.web;

import io.notiledger.api.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import reactor.core.publisher.Mono;

/**
 * A key that does not authenticate gets 401; a key that could not be checked because its store is out of reach
 * gets 503 with {@code Retry-After}, since the client did nothing wrong.
 */
public class AuthenticationFailureAnswer implements ServerAuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFailureAnswer.class);

    private final ProblemEntryPoint unauthenticated;
    private final ProblemWriter problems;

    public AuthenticationFailureAnswer(ProblemEntryPoint unauthenticated, ProblemWriter problems) {
        this.unauthenticated = unauthenticated;
        this.problems = problems;
    }

    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange exchange, AuthenticationException failure) {
        if (failure instanceof AuthenticationServiceException) {
            log.warn("API key not checked: the key store is out of reach ({})",
                    failure.getCause() == null ? failure.getMessage() : failure.getCause().getClass().getSimpleName());
            exchange.getExchange().getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            return problems.write(exchange.getExchange(), ErrorCode.KEYS_UNAVAILABLE,
                    "The API key could not be checked: its store is out of reach; retry later");
        }
        return unauthenticated.commence(exchange.getExchange(), failure);
    }
}
