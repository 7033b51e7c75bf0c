package io.notiledger.query.stats;

import io.notiledger.access.Caller;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.query.DeliveryStatsResponse;
import io.notiledger.api.query.FetchDeliveryStatsQuery;
import io.notiledger.api.query.FetchViewLagQuery;
import io.notiledger.api.query.ViewLagResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;

/**
 * What dashboards read: delivery statistics of the caller's tenant (an operator's: every tenant's) from the
 * {@code delivery_stats} view, and how far the views are behind the events. Queries run on a worker pool, as the
 * handlers read MongoDB with the blocking driver.
 */
@RestController
public class StatsController {

    private final QueryGateway queries;
    private final Duration timeout;

    public StatsController(QueryGateway queries, @Value("${ledger.api.query-timeout:5s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    @GetMapping(value = "/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<DeliveryStatsResponse> stats(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Parameter(schema = @Schema(format = "date-time")) String from,
            @RequestParam(required = false) @Parameter(schema = @Schema(format = "date-time")) String to,
            @RequestParam(required = false) @Parameter(schema = @Schema(allowableValues = {"minute", "hour", "day"})) String bucket,
            @RequestParam(required = false) @Parameter(schema = @Schema(implementation = Channel.class)) String channel,
            ServerWebExchange exchange) {
        // the parameters are read (strictly, all of them) from the request: the ones above only document them
        StatsRange range = StatsRange.of(exchange.getRequest().getQueryParams(), Instant.now());
        FetchDeliveryStatsQuery query = new FetchDeliveryStatsQuery(caller.readScope(), range.from(), range.to(),
                range.granularity(), range.channel());
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.instanceOf(DeliveryStatsResponse.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout);
    }

    @GetMapping(value = "/v1/views/lag", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ViewLagResponse> lag() {
        return Mono.fromFuture(() -> queries.query(new FetchViewLagQuery(), ResponseTypes.instanceOf(ViewLagResponse.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout);
    }
}
