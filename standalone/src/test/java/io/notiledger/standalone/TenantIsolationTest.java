package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant comes from the key: a tenant sees, cancels and replays only its own notifications, another tenant's
 * look exactly like unknown ones, operators see every tenant's, a revoked key stops at once, the audit names the
 * key that acted, and a tenant over its rate limit is refused with nothing stored.
 */
@ExtendWith(SharedLedger.class)
class TenantIsolationTest {

    private static TestLedger ledger;
    private static JsonNode keyOfA;
    private static LedgerClient tenantA;
    private static LedgerClient tenantB;
    private static LedgerClient operator;

    @BeforeAll
    static void keys(TestLedger shared) {
        ledger = shared;
        keyOfA = ledger.createKeyAnswer("isolation-a", "sender");
        tenantA = new LedgerClient(ledger.http(keyOfA.get("key").asText()));
        tenantB = new LedgerClient(ledger.http(ledger.createKey("isolation-b", "sender")));
        operator = new LedgerClient(ledger.operatorHttp());
    }

    @Test
    void anotherTenantsNotificationIsAnsweredExactlyAsAnUnknownOne() {
        String id = tenantA.send(LedgerClient.email("mine@example.com", "Mine"));
        tenantA.awaitStatus(id, "SENT");
        tenantA.awaitAudit(id, types -> types.contains("NotificationSent"));
        String unknown = UUID.randomUUID().toString();

        for (String path : List.of("/v1/notifications/%s", "/v1/notifications/%s/audit")) {
            JsonNode theirs = problem(tenantB.http().get().uri(path.formatted(id)), 404);
            JsonNode none = problem(tenantB.http().get().uri(path.formatted(unknown)), 404);
            assertThat(fieldNames(theirs)).isEqualTo(fieldNames(none));
            assertThat(theirs.get("code")).isEqualTo(none.get("code"));
            assertThat(theirs.get("detail").asText().replace(id, "ID")).isEqualTo(none.get("detail").asText().replace(unknown, "ID"));
        }
        JsonNode cancelTheirs = problem(tenantB.http().post().uri("/v1/notifications/{id}/cancel", id), 404);
        JsonNode cancelNone = problem(tenantB.http().post().uri("/v1/notifications/{id}/cancel", unknown), 404);
        assertThat(fieldNames(cancelTheirs)).isEqualTo(fieldNames(cancelNone));
        assertThat(cancelTheirs.get("detail").asText().replace(id, "ID"))
                .isEqualTo(cancelNone.get("detail").asText().replace(unknown, "ID"));

        assertThat(operator.status(id).get("tenantId").asText()).isEqualTo("isolation-a");
        assertThat(operator.audit(id)).isNotEmpty();
    }

    @Test
    void theAuditNamesTheKeyThatSentAndTheKeyThatCancelled() {
        Map<String, Object> later = new java.util.LinkedHashMap<>(LedgerClient.email("later@example.com", "Later"));
        later.put("sendAt", java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString());
        String id = tenantA.send(later);
        operator.http().post().uri("/v1/notifications/{id}/cancel", id).exchange().expectStatus().isAccepted();

        List<String> types = tenantA.awaitAudit(id, t -> t.contains("NotificationCancelled"));
        List<JsonNode> audit = tenantA.audit(id);
        assertThat(audit.get(0).get("actor").asText()).isEqualTo(keyOfA.get("id").asText());
        assertThat(audit.get(types.indexOf("NotificationCancelled")).get("actor").asText()).isEqualTo("admin");
        assertThat(tenantA.awaitStatus(id, "CANCELLED").get("tenantId").asText()).isEqualTo("isolation-a");
    }

    @Test
    void theSameIdempotencyKeyInTwoTenantsMakesTwoNotifications() {
        String key = "shared-key-" + UUID.randomUUID();
        Map<String, Object> request = LedgerClient.email("same@example.com", "Same");

        WebTestClient.ResponseSpec a = tenantA.http().post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(request).exchange().expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "false");
        WebTestClient.ResponseSpec b = tenantB.http().post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(request).exchange().expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "false");

        String idOfA = a.expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asText();
        String idOfB = b.expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asText();
        assertThat(idOfA).isNotEqualTo(idOfB);
        assertThat(tenantA.awaitStatus(idOfA, "SENT").get("tenantId").asText()).isEqualTo("isolation-a");
        assertThat(tenantB.awaitStatus(idOfB, "SENT").get("tenantId").asText()).isEqualTo("isolation-b");
    }

    @Test
    void aTenantHeaderIsIgnored() {
        String id = tenantA.http().post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                .header("X-Tenant-Id", "isolation-b").bodyValue(LedgerClient.email("header@example.com", "Header"))
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asText();

        assertThat(tenantA.awaitStatus(id, "SENT").get("tenantId").asText()).isEqualTo("isolation-a");
        problem(tenantB.http().get().uri("/v1/notifications/{id}", id), 404);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        JsonNode key = ledger.createKeyAnswer("isolation-a", "reader");
        WebTestClient reader = ledger.http(key.get("key").asText());
        reader.get().uri("/v1/notifications/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();

        ledger.operatorHttp().delete().uri("/admin/v1/api-keys/{id}", key.get("id").asText()).exchange()
                .expectStatus().isNoContent();

        problem(reader.get().uri("/v1/notifications/{id}", UUID.randomUUID()), 401);
        JsonNode listed = ledger.operatorHttp().get().uri("/admin/v1/api-keys/{id}", key.get("id").asText()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listed.has("revokedAt")).isTrue();
        assertThat(listed.has("key")).as("the secret is never shown again").isFalse();
    }

    @Test
    void aTenantOverItsRateLimitIsRefusedWith429AndNothingStored() {
        LedgerClient limited = new LedgerClient(ledger.http(ledger.createKey(TestLedger.RATE_LIMITED_TENANT, "sender")));
        long before = ledger.storedNotifications();
        int accepted = 0;
        EntityExchangeResult<byte[]> refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            EntityExchangeResult<byte[]> answer = limited.http().post().uri("/v1/notifications")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(LedgerClient.email("limit@example.com", "n" + i))
                    .exchange().expectBody().returnResult();
            if (answer.getStatus().value() == 202) {
                accepted++;
            } else {
                refused = answer;
            }
        }

        assertThat(refused).as("a 429 within 20 requests of a tenant allowed 3 at once").isNotNull();
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(new String(refused.getResponseBody())).contains("\"code\":\"RATE_LIMITED\"");
        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After"))).isPositive();
        assertThat(accepted).isGreaterThanOrEqualTo(3);
        assertThat(ledger.storedNotifications() - before).as("stored: the accepted ones only").isEqualTo(accepted);
    }

    private static JsonNode problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
        return request.exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
