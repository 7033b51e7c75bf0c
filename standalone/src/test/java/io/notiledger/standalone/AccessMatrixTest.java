package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, over HTTP against the running ledger: every endpoint the application serves (read from its
 * handler mappings, so a new endpoint without a row here fails {@link #everyServedEndpointHasARowAndEveryRowIsServed})
 * times every kind of caller, each with the status it must get. Another tenant's notification is answered 404,
 * exactly as an unknown one.
 */
@ExtendWith(SharedLedger.class)
class AccessMatrixTest {

    /** What an endpoint needs, and so what each caller gets. */
    enum Access { PUBLIC, SEND, CANCEL, READ, READ_OWN_TENANT, OPERATOR }

    /** Endpoints whose answer does not end: their status and media type are checked, their body is not read. */
    private static final Set<String> STREAMS = Set.of("GET /v1/notifications/stream");

    /** The kinds of caller: no key, a key that does not exist, a revoked one, and live keys of each role. */
    enum Caller { NO_KEY, WRONG_KEY, REVOKED_KEY, OTHER_TENANTS_SENDER, READER, SENDER, OPERATOR }

    /**
     * One endpoint: its method and pattern as the application maps it, how to call it for a caller, and what it
     * answers a caller it lets through.
     */
    record Endpoint(HttpMethod method, String pattern, Access access, Function<Caller, String> path, Object body, int success) {
        Endpoint(HttpMethod method, String pattern, Access access, Function<Caller, String> path, Object body) {
            this(method, pattern, access, path, body, 200);
        }

        String name() {
            return method + " " + pattern;
        }
    }

    private static TestLedger ledger;
    private static final Map<Caller, String> keys = new LinkedHashMap<>();
    private static String notificationOfA;

    @BeforeAll
    static void makeKeysAndANotification(TestLedger shared) {
        ledger = shared;
        keys.put(Caller.NO_KEY, null);
        keys.put(Caller.WRONG_KEY, "nl_" + "x".repeat(43));
        JsonNode revoked = ledger.createKeyAnswer("tenant-a", "sender");
        ledger.operatorHttp().delete().uri("/admin/v1/api-keys/{id}", revoked.get("id").asText()).exchange()
                .expectStatus().isNoContent();
        keys.put(Caller.REVOKED_KEY, revoked.get("key").asText());
        keys.put(Caller.OTHER_TENANTS_SENDER, ledger.createKey("tenant-b", "sender"));
        keys.put(Caller.READER, ledger.createKey("tenant-a", "reader"));
        keys.put(Caller.SENDER, ledger.createKey("tenant-a", "sender"));
        keys.put(Caller.OPERATOR, TestLedger.ADMIN_KEY);

        LedgerClient tenantA = new LedgerClient(ledger.http(keys.get(Caller.SENDER)));
        notificationOfA = tenantA.send(LedgerClient.email("matrix@example.com", "Matrix"));
        tenantA.awaitStatus(notificationOfA, "SENT");
        tenantA.awaitAudit(notificationOfA, types -> types.contains("NotificationSent"));
    }

    private static List<Endpoint> endpoints() {
        List<Endpoint> rows = new ArrayList<>();
        // public
        rows.add(new Endpoint(HttpMethod.GET, "/actuator/health", Access.PUBLIC, c -> "/actuator/health", null));
        rows.add(new Endpoint(HttpMethod.GET, "/actuator/health/{*path}", Access.PUBLIC, c -> "/actuator/health/liveness", null));
        rows.add(new Endpoint(HttpMethod.GET, "/v3/api-docs", Access.PUBLIC, c -> "/v3/api-docs", null));
        rows.add(new Endpoint(HttpMethod.GET, "/v3/api-docs.yaml", Access.PUBLIC, c -> "/v3/api-docs.yaml", null));
        rows.add(new Endpoint(HttpMethod.GET, "/v3/api-docs/swagger-config", Access.PUBLIC, c -> "/v3/api-docs/swagger-config", null));
        rows.add(new Endpoint(HttpMethod.GET, "/swagger-ui.html", Access.PUBLIC, c -> "/swagger-ui.html", null, 302));
        rows.add(new Endpoint(HttpMethod.GET, "/dashboard", Access.PUBLIC, c -> "/dashboard", null));
        // the API of a tenant
        rows.add(new Endpoint(HttpMethod.POST, "/v1/notifications", Access.SEND, c -> "/v1/notifications",
                LedgerClient.email("matrix-send@example.com", "Sent by the matrix"), 202));
        rows.add(new Endpoint(HttpMethod.POST, "/v1/notifications/{id}/cancel", Access.CANCEL,
                c -> "/v1/notifications/" + scheduledNotificationOfA() + "/cancel", null, 202));
        rows.add(new Endpoint(HttpMethod.GET, "/v1/notifications/{id}", Access.READ, c -> "/v1/notifications/" + notificationOfA, null));
        rows.add(new Endpoint(HttpMethod.GET, "/v1/notifications/{id}/audit", Access.READ,
                c -> "/v1/notifications/" + notificationOfA + "/audit", null));
        // a tenant's own figures and changes (an operator's: every tenant's)
        rows.add(new Endpoint(HttpMethod.GET, "/v1/stats", Access.READ_OWN_TENANT, c -> "/v1/stats", null));
        rows.add(new Endpoint(HttpMethod.GET, "/v1/notifications", Access.READ_OWN_TENANT, c -> "/v1/notifications?limit=1", null));
        rows.add(new Endpoint(HttpMethod.GET, "/v1/audit-events", Access.READ_OWN_TENANT, c -> "/v1/audit-events?limit=1", null));
        rows.add(new Endpoint(HttpMethod.GET, "/v1/views/lag", Access.READ_OWN_TENANT, c -> "/v1/views/lag", null));
        rows.add(new Endpoint(HttpMethod.GET, "/v1/notifications/stream", Access.READ_OWN_TENANT,
                c -> "/v1/notifications/stream", null));
        // operators only
        rows.add(new Endpoint(HttpMethod.GET, "/admin/v1/parked-events", Access.OPERATOR, c -> "/admin/v1/parked-events", null));
        rows.add(new Endpoint(HttpMethod.POST, "/admin/v1/parked-events/retry", Access.OPERATOR,
                c -> "/admin/v1/parked-events/retry", null));
        rows.add(new Endpoint(HttpMethod.POST, "/admin/v1/redrive-selections", Access.OPERATOR,
                c -> "/admin/v1/redrive-selections", Map.of("status", "DEAD_LETTERED", "reason", "access matrix")));
        // a sent notification is not re-drivable: an operator gets past the guard to the aggregate's refusal
        rows.add(new Endpoint(HttpMethod.POST, "/admin/v1/notifications/{id}/redrive", Access.OPERATOR,
                c -> "/admin/v1/notifications/" + notificationOfA + "/redrive", Map.of("reason", "access matrix"), 409));
        rows.add(new Endpoint(HttpMethod.GET, "/admin/v1/history", Access.OPERATOR,
                c -> "/admin/v1/history?notification=" + notificationOfA, null));
        rows.add(new Endpoint(HttpMethod.GET, "/admin/v1/views/notification-status/documents", Access.OPERATOR,
                c -> "/admin/v1/views/notification-status/documents?limit=10", null));
        rows.add(new Endpoint(HttpMethod.GET, "/admin/v1/views/rebuilds", Access.OPERATOR, c -> "/admin/v1/views/rebuilds", null));
        // an unknown view: the operator passes the guard and is refused by the endpoint, so no rebuild starts here
        rows.add(new Endpoint(HttpMethod.POST, "/admin/v1/views/rebuilds", Access.OPERATOR, c -> "/admin/v1/views/rebuilds",
                Map.of("view", "access-matrix"), 400));
        rows.add(new Endpoint(HttpMethod.GET, "/admin/v1/api-keys", Access.OPERATOR, c -> "/admin/v1/api-keys", null));
        rows.add(new Endpoint(HttpMethod.POST, "/admin/v1/api-keys", Access.OPERATOR, c -> "/admin/v1/api-keys",
                Map.of("tenant", "tenant-c", "roles", List.of("reader")), 201));
        rows.add(new Endpoint(HttpMethod.GET, "/admin/v1/api-keys/{id}", Access.OPERATOR, c -> "/admin/v1/api-keys/admin", null));
        rows.add(new Endpoint(HttpMethod.DELETE, "/admin/v1/api-keys/{id}", Access.OPERATOR,
                c -> "/admin/v1/api-keys/" + ledger.createKeyAnswer("tenant-c", "reader").get("id").asText(), null, 204));
        rows.add(new Endpoint(HttpMethod.GET, "/dev/mailbox", Access.OPERATOR, c -> "/dev/mailbox", null));
        rows.add(new Endpoint(HttpMethod.GET, "/actuator", Access.OPERATOR, c -> "/actuator", null));
        rows.add(new Endpoint(HttpMethod.GET, "/actuator/info", Access.OPERATOR, c -> "/actuator/info", null));
        rows.add(new Endpoint(HttpMethod.GET, "/actuator/metrics", Access.OPERATOR, c -> "/actuator/metrics", null));
        rows.add(new Endpoint(HttpMethod.GET, "/actuator/metrics/{requiredMetricName}", Access.OPERATOR,
                c -> "/actuator/metrics/jvm.threads.live", null));
        rows.add(new Endpoint(HttpMethod.GET, "/actuator/prometheus", Access.OPERATOR, c -> "/actuator/prometheus", null));
        return rows;
    }

    /** The status each caller must get from the endpoint. */
    private static int expected(Endpoint endpoint, Caller caller) {
        if (caller == Caller.WRONG_KEY || caller == Caller.REVOKED_KEY) {
            return 401; // a key that does not authenticate is refused everywhere, public endpoints included
        }
        if (endpoint.access() == Access.PUBLIC) {
            return endpoint.success();
        }
        if (caller == Caller.NO_KEY) {
            return 401;
        }
        return switch (endpoint.access()) {
            case SEND -> caller == Caller.SENDER || caller == Caller.OTHER_TENANTS_SENDER ? endpoint.success() : 403;
            case CANCEL -> switch (caller) {
                case SENDER, OPERATOR -> endpoint.success();
                case OTHER_TENANTS_SENDER -> 404; // another tenant's notification, answered as an unknown one
                default -> 403;
            };
            case READ -> caller == Caller.OTHER_TENANTS_SENDER ? 404 : endpoint.success();
            case READ_OWN_TENANT -> endpoint.success();
            case OPERATOR -> caller == Caller.OPERATOR ? endpoint.success() : 403;
            case PUBLIC -> throw new IllegalStateException();
        };
    }

    @Test
    void everyServedEndpointHasARowAndEveryRowIsServed() {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : ledger.beans(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                    (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                            .forEach(method -> served.add(method + " " + pattern.getPatternString()));
                }
            }
        }
        Set<String> rows = new TreeSet<>(endpoints().stream().map(Endpoint::name).toList());

        assertThat(rows).as("rows of this matrix: every endpoint the ledger serves, and no other").isEqualTo(served);
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsItsStatusFromEveryEndpoint() {
        return endpoints().stream().flatMap(endpoint -> Stream.of(Caller.values()).map(caller ->
                DynamicTest.dynamicTest(endpoint.name() + " as " + caller, () -> check(endpoint, caller))));
    }

    private static void check(Endpoint endpoint, Caller caller) {
        int status = expected(endpoint, caller);
        WebTestClient.RequestBodySpec request = ledger.http(keys.get(caller)).method(endpoint.method())
                .uri(endpoint.path().apply(caller));
        WebTestClient.RequestHeadersSpec<?> ready = endpoint.body() == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(endpoint.body());
        if (STREAMS.contains(endpoint.name()) && status == 200) {
            FluxExchangeResult<String> stream = ready.exchange().returnResult(String.class);
            assertThat(stream.getStatus().value()).as("%s as %s", endpoint.name(), caller).isEqualTo(status);
            assertThat(stream.getResponseHeaders().getContentType()).isNotNull()
                    .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)).isTrue());
            stream.getResponseBody().take(0).blockLast(Duration.ofSeconds(10));
            return;
        }
        EntityExchangeResult<byte[]> answer = ready.exchange().expectBody().returnResult();

        int actual = answer.getStatus().value();
        String body = answer.getResponseBody() == null ? "" : new String(answer.getResponseBody());
        assertThat(actual).as("%s as %s: %s", endpoint.name(), caller, body).isEqualTo(status);
        if (status >= 400) {
            assertThat(answer.getResponseHeaders().getContentType()).as("problem+json")
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            String code = switch (status) {
                case 401 -> "UNAUTHENTICATED";
                case 403 -> "FORBIDDEN";
                case 409 -> "NOT_REDRIVABLE"; // an operator's re-drive of a sent notification
                case 400 -> "VALIDATION_FAILED"; // an operator's rebuild of an unknown view
                default -> "NOTIFICATION_NOT_FOUND";
            };
            assertThat(body).as("code").contains("\"code\":\"" + code + "\"");
        }
        if (status == 401) {
            assertThat(answer.getResponseHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    /** A notification of tenant a that waits a day, so that it can still be cancelled. */
    private static String scheduledNotificationOfA() {
        Map<String, Object> later = new LinkedHashMap<>(LedgerClient.email("later@example.com", "Tomorrow"));
        later.put("sendAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        return new LedgerClient(ledger.http(keys.get(Caller.SENDER))).send(later);
    }
}
