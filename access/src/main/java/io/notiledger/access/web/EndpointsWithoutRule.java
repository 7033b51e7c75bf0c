package io.notiledger.access.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The last rule, for what no other rule names. A request that reaches an endpoint (a controller or actuator
 * mapping) is refused: an endpoint nobody wrote a rule for is closed, not open. A request that reaches no
 * endpoint (a wrong path or method) needs only a live key, so that the client learns 404 or 405 as before.
 */
public class EndpointsWithoutRule implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);
    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

    private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

    public EndpointsWithoutRule(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public Mono<AuthorizationDecision> check(Mono<Authentication> authentication, AuthorizationContext context) {
        ServerWebExchange exchange = context.getExchange();
        return Flux.fromStream(mappings::orderedStream)
                // no match for the method, media type or parameters is an error here: then it is no endpoint either
                .concatMap(mapping -> mapping.getHandler(exchange).onErrorResume(noMatch -> Mono.empty()))
                .next()
                .map(endpoint -> DENIED)
                .switchIfEmpty(authentication.filter(Authentication::isAuthenticated).map(live -> GRANTED))
                .defaultIfEmpty(DENIED);
    }
}
