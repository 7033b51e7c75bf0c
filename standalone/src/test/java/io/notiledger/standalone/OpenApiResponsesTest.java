package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.notiledger.standalone.LedgerClient.email;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What springdoc cannot tell ({@link OpenApiSchemaContractTest}): real answers of the running ledger, successes
 * and problems, have a status code the document lists for the operation and a body valid against the schema it
 * documents there (types, enums, {@code required}, {@code nullable}); and the request fields the document marks
 * required are the ones the service refuses to do without.
 */
@ExtendWith(SharedLedger.class)
class OpenApiResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode documented;
    private static final SchemaRegistry OPENAPI_30 = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    @BeforeAll
    static void loadDocument() throws IOException {
        try (InputStream yaml = OpenApiResponsesTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(yaml).as("openapi.yaml on the classpath (api-spec)").isNotNull();
            documented = JsonReferences.resolved(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        }
    }

    @Test
    void everyAnswerIsDocumentedWithItsStatusAndMatchesItsSchema(TestLedger ledger) {
        LedgerClient client = new LedgerClient(ledger.http());
        WebTestClient http = client.http();
        List<String> violations = new ArrayList<>();
        Map<String, Object> later = new LinkedHashMap<>(email("openapi-later@example.com", "Cancelled before it is due"));
        later.put("sendAt", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        later.put("priority", "LOW");
        later.put("correlationId", "openapi-contract");
        later.put("metadata", Map.of("campaign", "contract"));

        JsonNode accepted = check(violations, "post", "/v1/notifications", http.post().uri("/v1/notifications")
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "openapi-" + UUID.randomUUID())
                .bodyValue(email("openapi@example.com", "Checked against the contract")).exchange());
        String sent = accepted.path("id").asText();
        String cancelled = client.send(later);
        client.awaitStatus(sent, "SENT");
        client.awaitStatus(cancelled, "SCHEDULED");
        check(violations, "post", "/v1/notifications/{id}/cancel",
                http.post().uri("/v1/notifications/{id}/cancel", cancelled).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("reason", "contract test")).exchange());
        client.awaitStatus(cancelled, "CANCELLED");
        client.awaitAudit(sent, types -> types.contains("NotificationSent"));

        check(violations, "get", "/v1/notifications/{id}", http.get().uri("/v1/notifications/{id}", sent).exchange());
        check(violations, "get", "/v1/notifications/{id}", http.get().uri("/v1/notifications/{id}", cancelled).exchange());
        check(violations, "get", "/v1/notifications/{id}/audit", http.get().uri("/v1/notifications/{id}/audit", sent).exchange());
        check(violations, "get", "/v1/notifications/{id}/audit", http.get().uri("/v1/notifications/{id}/audit", cancelled).exchange());
        check(violations, "get", "/v1/notifications/{id}", http.get().uri("/v1/notifications/{id}", UUID.randomUUID()).exchange());
        check(violations, "post", "/v1/notifications/{id}/cancel", http.post().uri("/v1/notifications/{id}/cancel", sent).exchange());
        check(violations, "post", "/v1/notifications", http.post().uri("/v1/notifications")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("channel", "EMAIL", "recipient", "not an address")).exchange());
        check(violations, "post", "/v1/notifications", http.post().uri("/v1/notifications")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("channel", "SMS", "recipient", "+4915112345678", "body", "Hi")).exchange());
        check(violations, "get", "/v1/notifications", http.get().uri("/v1/notifications?limit=2").exchange());
        check(violations, "get", "/v1/notifications", http.get().uri("/v1/notifications?correlationId=openapi-contract").exchange());
        check(violations, "get", "/v1/notifications", http.get().uri("/v1/notifications?limit=501").exchange());
        check(violations, "get", "/v1/audit-events", http.get().uri("/v1/audit-events?limit=3").exchange());
        check(violations, "get", "/v1/audit-events", http.get().uri("/v1/audit-events?type=NotificationDelivered").exchange());
        check(violations, "get", "/v1/notifications/{id}", http.get().uri("/v1/notifications/{id}?asOf={at}", sent,
                Instant.now().toString()).exchange());
        check(violations, "get", "/v1/notifications/{id}", http.get().uri("/v1/notifications/{id}?asOf={at}", sent,
                Instant.now().plus(1, ChronoUnit.DAYS).toString()).exchange());
        check(violations, "get", "/admin/v1/parked-events", http.get().uri("/admin/v1/parked-events").exchange());
        check(violations, "post", "/admin/v1/parked-events/retry", http.post().uri("/admin/v1/parked-events/retry").exchange());
        check(violations, "get", "/v1/stats", http.get().uri("/v1/stats?bucket=hour&channel=EMAIL").exchange());
        check(violations, "get", "/v1/stats", http.get().uri("/v1/stats?bucket=week").exchange());
        check(violations, "get", "/v1/views/lag", http.get().uri("/v1/views/lag").exchange());
        check(violations, "get", "/v1/notifications/stream", http.get().uri("/v1/notifications/stream")
                .header("Last-Event-ID", "0_not-a-position").accept(MediaType.TEXT_EVENT_STREAM).exchange());

        assertThat(violations).isEmpty();
    }

    @Test
    void theRequiredRequestFieldsAreTheOnesTheServiceCannotDoWithout(TestLedger ledger) {
        WebTestClient http = new LedgerClient(ledger.http()).http();
        JsonNode schema = documented.at("/paths/~1v1~1notifications/post/requestBody/content/application~1json/schema");
        List<String> required = texts(schema.path("required"));
        assertThat(required).isNotEmpty();

        for (String field : required) {
            Map<String, Object> request = new LinkedHashMap<>(email("required@example.com", "Required fields"));
            request.remove(field);
            JsonNode problem = http.post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                    .exchange().expectStatus().isBadRequest()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(problem.path("errors")).as("errors without " + field)
                    .anySatisfy(error -> assertThat(error.path("field").asText()).isEqualTo(field));
        }
        // every other documented field may be left out (subject aside: EMAIL needs one, as documented)
        Map<String, Object> minimal = new LinkedHashMap<>();
        required.forEach(field -> minimal.put(field, email("minimal@example.com", "Minimal").get(field)));
        minimal.put("subject", "Minimal");
        http.post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON).bodyValue(minimal)
                .exchange().expectStatus().isAccepted();
    }

    /** Checks one answer against the operation's documented responses; returns its body. */
    private static JsonNode check(List<String> violations, String method, String path, WebTestClient.ResponseSpec answer) {
        EntityExchangeResult<byte[]> result = answer.expectBody().returnResult();
        int status = result.getStatus().value();
        String where = method.toUpperCase() + " " + path + " -> " + status;
        JsonNode body = read(result.getResponseBody());
        JsonNode response = documented.path("paths").path(path).path(method).path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            violations.add(where + ": status not documented for the operation");
            return body;
        }
        MediaType contentType = result.getResponseHeaders().getContentType();
        JsonNode schema = response.path("content").path(contentType == null ? "" : contentType.getType() + "/" + contentType.getSubtype()).path("schema");
        if (schema.isMissingNode()) {
            violations.add(where + ": no schema documented for " + contentType);
            return body;
        }
        Schema validator = OPENAPI_30.getSchema(schema);
        validator.validate(body).forEach(error -> violations.add(where + ": " + error));
        return body;
    }

    private static JsonNode read(byte[] body) {
        try {
            return body == null ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + new String(body), e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
