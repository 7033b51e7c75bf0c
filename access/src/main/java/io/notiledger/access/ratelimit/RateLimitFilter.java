package io.notiledger.access.ratelimit;

import io.notiledger.access.Caller;
import io.notiledger.access.web.ProblemWriter;
import io.notiledger.api.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Counts each tenant's notification requests after the key is authorised and before the request is read:
 * over the limit it answers 429 problem+json with {@code Retry-After} (whole seconds, at least 1), and nothing
 * reaches the ledger.
 */
public class RateLimitFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final ServerWebExchangeMatcher REQUESTS =
            new PathPatternParserServerWebExchangeMatcher("/v1/notifications", HttpMethod.POST);

    private final TenantRateLimiter limiter;
    private final ProblemWriter problems;

    public RateLimitFilter(TenantRateLimiter limiter, ProblemWriter problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return overLimit(exchange)
                .map(refusal -> refuse(exchange, refusal))
                .defaultIfEmpty(Mono.defer(() -> chain.filter(exchange)))
                .flatMap(next -> next);
    }

    /** The refusal when this is a notification request of a tenant over its limit; empty otherwise. */
    private Mono<Refusal> overLimit(ServerWebExchange exchange) {
        return REQUESTS.matches(exchange)
                .filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                .flatMap(match -> ReactiveSecurityContextHolder.getContext())
                .mapNotNull(context -> context.getAuthentication() == null ? null : context.getAuthentication().getPrincipal())
                .ofType(Caller.class)
                .mapNotNull(caller -> {
                    TenantRateLimiter.Decision decision = limiter.tryAcquire(caller.tenant());
                    return decision.allowed() ? null : new Refusal(caller.tenant(), decision.retryAfter());
                });
    }

    private Mono<Void> refuse(ServerWebExchange exchange, Refusal refusal) {
        long seconds = Math.max(1, (refusal.retryAfter().toMillis() + 999) / 1000);
        log.debug("Rate limit of tenant {} reached; retry after {} s", refusal.tenant(), seconds);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return problems.write(exchange, ErrorCode.RATE_LIMITED, "Tenant " + refusal.tenant()
                + " sent more notification requests than its limit allows; retry after " + seconds + " s");
    }

    private record Refusal(String tenant, Duration retryAfter) {
    }
}
