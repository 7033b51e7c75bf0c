package io.notiledger.access.web;

import io.notiledger.api.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's firewall refuses request targets that could mean different paths to different readers (an
 * encoded NUL, slash or semicolon, {@code ..}, a backslash): answered 400 problem+json like any malformed request.
 */
public class ProblemRejectedExchange implements ServerExchangeRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemRejectedExchange.class);

    private final ProblemWriter problems;

    public ProblemRejectedExchange(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        log.debug("Refused a request target: {}", rejected.getMessage());
        return problems.write(exchange, ErrorCode.MALFORMED_REQUEST,
                "The request target holds an encoded NUL, slash, semicolon or percent sign, '..', or a backslash");
    }
}
