package io.notiledger.query.web;

import io.notiledger.access.Caller;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.api.notification.NotificationIdFormat;
import io.notiledger.api.query.FetchNotificationAuditQuery;
import io.notiledger.api.query.FindNotificationStatusAsOfQuery;
import io.notiledger.api.query.FindNotificationStatusQuery;
import io.notiledger.api.query.NotificationAuditResponse;
import io.notiledger.api.query.NotificationStatusResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;

/**
 * The read API: a notification's status and its audit timeline, answered from the views. The local query
 * bus runs a handler in the caller's thread and the handlers read MongoDB with the blocking driver, so
 * queries are dispatched from a worker pool, never from an HTTP event-loop thread. A caller reads its own
 * tenant's notifications only (an operator any tenant's): another tenant's is answered exactly as an unknown id.
 */
@RestController
@EnableConfigurationProperties(QueryApiProperties.class)
@RequestMapping(value = "/v1/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
public class NotificationQueryController {

    private final QueryGateway queries;
    private final Duration timeout;

    public NotificationQueryController(QueryGateway queries, QueryApiProperties properties) {
        this.queries = queries;
        this.timeout = properties.queryTimeout();
    }

    /**
     * The current status, or with {@code asOf} the status at that moment, folded from the notification's audit
     * entries up to it (404 when it had not been requested by then).
     */
    @GetMapping("/{id}")
    public Mono<NotificationStatusResponse> status(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                                                   @Parameter(schema = @Schema(type = "string", format = "date-time"))
                                                   @RequestParam(required = false) String asOf) {
        if (!NotificationIdFormat.isWellFormed(id)) {
            return Mono.error(malformed());
        }
        Instant moment = asOf == null ? null : QueryParameters.instant("asOf", asOf);
        if (moment != null && moment.isAfter(Instant.now())) {
            throw new BadQueryParameterException("asOf", "must not be in the future");
        }
        Object query = moment == null ? new FindNotificationStatusQuery(id, caller.readScope())
                : new FindNotificationStatusAsOfQuery(id, caller.readScope(), moment);
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.optionalInstanceOf(NotificationStatusResponse.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(notFound(id))));
    }

    @GetMapping("/{id}/audit")
    public Mono<NotificationAuditResponse> audit(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        if (!NotificationIdFormat.isWellFormed(id)) {
            return Mono.error(malformed());
        }
        return Mono.fromFuture(() -> queries.query(new FetchNotificationAuditQuery(id, caller.readScope()),
                        ResponseTypes.instanceOf(NotificationAuditResponse.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .flatMap(timeline -> timeline.entries().isEmpty() ? Mono.error(notFound(id)) : Mono.just(timeline));
    }

    /** The id is not echoed: it is the client's own text, of any length. */
    private static LedgerException malformed() {
        return new LedgerException(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification has this id; ids are lowercase UUIDs");
    }

    private static LedgerException notFound(String id) {
        return new LedgerException(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification " + id
                + " is known to the views (a notification accepted a moment ago may not have reached them yet)");
    }
}
