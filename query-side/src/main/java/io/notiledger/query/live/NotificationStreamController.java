package io.notiledger.query.live;

import io.notiledger.access.Caller;
import io.notiledger.api.query.NotificationStatusResponse;
import io.notiledger.query.web.BadQueryParameterException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /v1/notifications/stream}: Server-Sent Events of the caller's tenant's status changes (an operator's:
 * every tenant's), read from the status view. Each event is a notification's status as the view now holds it,
 * with the change's position as its id; {@code Last-Event-ID} resumes after a position. A comment is sent on
 * connecting and every {@code heartbeat} while nothing changes. The view failing to answer ends the stream: the
 * client reconnects with the last id it got, as SSE clients do.
 */
@RestController
@EnableConfigurationProperties(LiveStreamProperties.class)
public class NotificationStreamController {

    private static final Logger log = LoggerFactory.getLogger(NotificationStreamController.class);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(3);

    private final QueryGateway queries;
    private final LiveStreamProperties properties;

    public NotificationStreamController(QueryGateway queries, LiveStreamProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    @GetMapping(value = "/v1/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiResponse(responseCode = "200", description = "Each event's data is a notification's status",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(implementation = NotificationStatusResponse.class)))
    public Flux<ServerSentEvent<NotificationStatusResponse>> stream(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            ServerWebExchange exchange) {
        MultiValueMap<String, String> parameters = exchange.getRequest().getQueryParams();
        if (!parameters.isEmpty()) {
            throw new BadQueryParameterException(parameters.keySet().iterator().next(), "is not a parameter of this endpoint");
        }
        StreamPosition resumeAfter = lastEventId == null ? null : StreamPosition.parse(lastEventId);
        StatusFeed feed = new StatusFeed(queries, caller.readScope(), properties, resumeAfter);
        AtomicLong lastSentNanos = new AtomicLong(System.nanoTime());
        Flux<ServerSentEvent<NotificationStatusResponse>> polled = Flux.interval(Duration.ZERO, properties.pollInterval())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromCallable(() -> events(feed.poll(), lastSentNanos)).subscribeOn(Schedulers.boundedElastic()), 1)
                .concatMapIterable(events -> events)
                .onErrorResume(e -> {
                    log.warn("A status stream ended: the status view did not answer ({})", e.getClass().getSimpleName());
                    return Mono.empty();
                });
        ServerSentEvent<NotificationStatusResponse> connected =
                ServerSentEvent.<NotificationStatusResponse>builder().comment("connected").retry(RECONNECT_AFTER).build();
        return Flux.concat(Mono.just(connected), polled);
    }

    /** The changes as events, or a heartbeat when there are none and the stream has been quiet for long enough. */
    private List<ServerSentEvent<NotificationStatusResponse>> events(List<NotificationStatusResponse> changes, AtomicLong lastSentNanos) {
        long now = System.nanoTime();
        if (changes.isEmpty()) {
            if (now - lastSentNanos.get() < properties.heartbeat().toNanos()) {
                return List.of();
            }
            lastSentNanos.set(now);
            return List.of(ServerSentEvent.<NotificationStatusResponse>builder().comment("heartbeat").build());
        }
        lastSentNanos.set(now);
        return changes.stream()
                .map(change -> ServerSentEvent.builder(change).id(StreamPosition.of(change).eventId()).event("status").build())
                .toList();
    }
}
