package io.notiledger.query.web;

import io.notiledger.access.Caller;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.query.NotificationSearchResponse;
import io.notiledger.api.query.SearchNotificationsQuery;
import io.notiledger.projections.RecipientHash;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/notifications}: a tenant's notifications by status, channel, priority, correlation id, recipient,
 * request time and metadata, newest first, a page at a time. The parameters are read strictly
 * ({@link QueryParameters}); the springdoc annotations say what they are, since they are not bound one by one.
 */
@RestController
@RequestMapping(value = "/v1/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
public class NotificationSearchController {

    static final int MAX_METADATA_FILTERS = 5;
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> PARAMETERS = Set.of("tenant", "status", "channel", "priority", "correlationId",
            "recipient", "requestedFrom", "requestedTo", "metadata", "limit", "cursor");

    private final QueryGateway queries;
    private final RecipientHash recipientHash;
    private final Duration timeout;

    public NotificationSearchController(QueryGateway queries, RecipientHash recipientHash,
                                        @Value("${ledger.api.query-timeout:5s}") Duration timeout) {
        this.queries = queries;
        this.recipientHash = recipientHash;
        this.timeout = timeout;
    }

    @GetMapping
    @Parameter(in = ParameterIn.QUERY, name = "tenant", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "status", schema = @Schema(implementation = NotificationStatus.class))
    @Parameter(in = ParameterIn.QUERY, name = "channel", schema = @Schema(implementation = Channel.class))
    @Parameter(in = ParameterIn.QUERY, name = "priority", schema = @Schema(implementation = Priority.class))
    @Parameter(in = ParameterIn.QUERY, name = "correlationId", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "recipient", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "requestedFrom", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "requestedTo", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "metadata", array = @ArraySchema(schema = @Schema(type = "string")))
    @Parameter(in = ParameterIn.QUERY, name = "limit", schema = @Schema(type = "integer", format = "int32"))
    @Parameter(in = ParameterIn.QUERY, name = "cursor", schema = @Schema(type = "string"))
    public Mono<NotificationPage> search(@AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        QueryParameters parameters = new QueryParameters(exchange.getRequest().getQueryParams(), PARAMETERS, Set.of("metadata"));
        String tenant = parameters.tenant(caller);
        NotificationStatus status = parameters.constant("status", NotificationStatus.class);
        Channel channel = parameters.constant("channel", Channel.class);
        Priority priority = parameters.constant("priority", Priority.class);
        String correlationId = parameters.text("correlationId", 128);
        String recipient = parameters.text("recipient", 320);
        if (recipient != null && !recipientHash.isConfigured()) {
            throw new BadQueryParameterException("recipient", "cannot be searched: this ledger has no "
                    + "ledger.views.recipient-hash-key (LEDGER_RECIPIENT_HASH_KEY) configured");
        }
        Instant from = parameters.instant("requestedFrom");
        Instant to = parameters.instant("requestedTo");
        QueryParameters.range("requestedFrom", from, "requestedTo", to);
        List<String> metadata = metadataEntries(parameters.texts("metadata"));
        int limit = parameters.limit();
        // the recipient enters the cursor's digest only as its hash: a cursor never carries an address, even hashed plainly
        String search = String.join("\n", "GET /v1/notifications", "tenant=" + tenant, "status=" + status,
                "channel=" + channel, "priority=" + priority, "correlationId=" + correlationId,
                "recipient=" + (recipient == null ? null : recipientHash.of(recipient).orElseThrow()),
                "requestedFrom=" + from, "requestedTo=" + to, "metadata=" + metadata);
        SearchNotificationsQuery query = new SearchNotificationsQuery(tenant, status, channel, priority, correlationId,
                recipient, from, to, metadata, PageCursor.decode(parameters.text("cursor", 512), search), limit);
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.instanceOf(NotificationSearchResponse.class)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .map(page -> new NotificationPage(page.items(), PageCursor.encode(page.next(), search)));
    }

    /** {@code key:value} per parameter, as the view keeps them ({@code key=value}), sorted so that order does not matter. */
    private static List<String> metadataEntries(List<String> filters) {
        if (filters.size() > MAX_METADATA_FILTERS) {
            throw new BadQueryParameterException("metadata", "may be given at most " + MAX_METADATA_FILTERS + " times");
        }
        List<String> entries = new ArrayList<>();
        for (String filter : filters) {
            int colon = filter.indexOf(':');
            if (colon < 0 || !METADATA_KEY.matcher(filter.substring(0, colon)).matches() || filter.length() - colon - 1 > 512
                    || filter.chars().anyMatch(Character::isISOControl)) {
                throw new BadQueryParameterException("metadata", "must be key:value, a key of 1-64 letters, digits, '.', '_' "
                        + "or '-' and a value of at most 512 characters");
            }
            entries.add(filter.substring(0, colon) + "=" + filter.substring(colon + 1));
        }
        return entries.stream().sorted().distinct().toList();
    }
}
