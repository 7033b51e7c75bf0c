package io.notiledger.query.web;

import io.notiledger.access.Caller;
import io.notiledger.api.query.AuditSearchResponse;
import io.notiledger.api.query.SearchAuditEventsQuery;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * {@code GET /v1/audit-events}: audit entries across a tenant's notifications by event type, time, actor, error
 * code and correlation id, newest first, a page at a time. The parameters are read strictly ({@link QueryParameters}).
 */
@RestController
@RequestMapping(value = "/v1/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuditEventsController {

    private static final Set<String> PARAMETERS = Set.of("tenant", "type", "from", "to", "actor", "errorCode",
            "correlationId", "limit", "cursor");
    private static final Set<String> TYPES = NotificationAuditProjection.auditedTypes();

    private final QueryGateway queries;
    private final Duration timeout;

    public AuditEventsController(QueryGateway queries, @Value("${ledger.api.query-timeout:5s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    @GetMapping
    @Parameter(in = ParameterIn.QUERY, name = "tenant", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "type", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "from", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "to", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "actor", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "errorCode", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "correlationId", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "limit", schema = @Schema(type = "integer", format = "int32"))
    @Parameter(in = ParameterIn.QUERY, name = "cursor", schema = @Schema(type = "string"))
    public Mono<AuditEventPage> search(@AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        QueryParameters parameters = new QueryParameters(exchange.getRequest().getQueryParams(), PARAMETERS, Set.of());
        String tenant = parameters.tenant(caller);
        String type = parameters.oneOf("type", TYPES);
        Instant from = parameters.instant("from");
        Instant to = parameters.instant("to");
        QueryParameters.range("from", from, "to", to);
        String actor = parameters.text("actor", 200);
        String errorCode = parameters.text("errorCode", 100);
        String correlationId = parameters.text("correlationId", 128);
        int limit = parameters.limit();
        String search = String.join("\n", "GET /v1/audit-events", "tenant=" + tenant, "type=" + type, "from=" + from,
                "to=" + to, "actor=" + actor, "errorCode=" + errorCode, "correlationId=" + correlationId);
        SearchAuditEventsQuery query = new SearchAuditEventsQuery(tenant, type, from, to, actor, errorCode, correlationId,
                PageCursor.decode(parameters.text("cursor", 512), search), limit);
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.instanceOf(AuditSearchResponse.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .map(page -> new AuditEventPage(page.items(), PageCursor.encode(page.next(), search)));
    }
}
