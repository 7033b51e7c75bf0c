package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Talks to a running ledger over its HTTP API, the way a client application and an auditor would. */
final class LedgerClient {

    private final WebTestClient http;
    private final WebTestClient operator;

    LedgerClient(WebTestClient http) {
        this(http, null);
    }

    /** With an operator's HTTP client too, for the {@code /admin} endpoints, the dev mailbox and metrics. */
    LedgerClient(WebTestClient http, WebTestClient operator) {
        this.http = http;
        this.operator = operator;
    }

    /** Posts a notification and returns its id; fails unless the ledger answers 202. */
    String send(Map<String, Object> request) {
        return send(request, null);
    }

    String send(Map<String, Object> request, String idempotencyKey) {
        WebTestClient.RequestBodySpec post = http.post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            post.header("Idempotency-Key", idempotencyKey);
        }
        JsonNode body = post.bodyValue(request).exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return body.get("id").asText();
    }

    static Map<String, Object> email(String recipient, String subject) {
        return Map.of("channel", "EMAIL", "recipient", recipient, "subject", subject, "body", "Hello from the ledger");
    }

    /** The status view of a notification, or null while the view does not know it yet. */
    JsonNode status(String id) {
        return http.get().uri("/v1/notifications/{id}", id).exchange()
                .returnResult(JsonNode.class).getResponseBody().blockFirst(Duration.ofSeconds(10));
    }

    /** The notification's state by the status view (SENT, RETRY_SCHEDULED...), or null while it has none. */
    String state(String id) {
        JsonNode status = status(id);
        return status != null && status.has("notificationId") ? status.path("status").asText(null) : null;
    }

    JsonNode awaitStatus(String id, String expected) {
        return awaitStatus(id, expected, Duration.ofSeconds(60));
    }

    JsonNode awaitStatus(String id, String expected, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> status(id), status -> status != null && status.has("status")
                        && expected.equals(status.get("status").asText()));
    }

    /** The audit timeline's entries, oldest first (empty while the view does not know the notification). */
    List<JsonNode> audit(String id) {
        JsonNode timeline = http.get().uri("/v1/notifications/{id}/audit", id).exchange()
                .returnResult(JsonNode.class).getResponseBody().blockFirst(Duration.ofSeconds(10));
        List<JsonNode> entries = new ArrayList<>();
        if (timeline != null && timeline.has("entries")) {
            timeline.get("entries").forEach(entries::add);
        }
        return entries;
    }

    List<String> auditTypes(String id) {
        return audit(id).stream().map(entry -> entry.get("type").asText()).toList();
    }

    List<String> awaitAudit(String id, Predicate<List<String>> condition) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> auditTypes(id), condition);
    }

    WebTestClient http() {
        return http;
    }

    WebTestClient operator() {
        if (operator == null) {
            throw new IllegalStateException("This client was made without an operator's key");
        }
        return operator;
    }
}
