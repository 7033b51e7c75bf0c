package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.notiledger.standalone.SearchTest.ids;
import static io.notiledger.standalone.SearchTest.items;
import static io.notiledger.standalone.SearchTest.request;
import static io.notiledger.standalone.SearchTest.search;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/audit-events} and {@code GET /v1/notifications/{id}?asOf=} against the running ledger: entries
 * across notifications by type, time, actor and correlation id, paged; a notification's status at a past moment,
 * folded from its audit entries; both within the caller's tenant.
 */
@ExtendWith(SharedLedger.class)
class AuditSearchTest {

    private static TestLedger ledger;
    private static String keyId;
    private static LedgerClient tenant;
    private static String correlation;
    private static String first;
    private static String second;

    @BeforeAll
    static void twoSentNotifications(TestLedger shared) {
        ledger = shared;
        JsonNode key = ledger.createKeyAnswer("audit-" + UUID.randomUUID().toString().substring(0, 8), "sender");
        keyId = key.get("id").asText();
        tenant = new LedgerClient(ledger.http(key.get("key").asText()));
        correlation = "order-" + UUID.randomUUID();
        first = tenant.send(request("audit.one@example.com", "HIGH", correlation, Map.of()));
        second = tenant.send(request("audit.two@example.com", "HIGH", correlation, Map.of()));
        tenant.awaitAudit(first, types -> types.contains("NotificationSent"));
        tenant.awaitAudit(second, types -> types.contains("NotificationSent"));
    }

    @Test
    void entriesOfEveryNotificationOfACorrelationNewestFirst() {
        List<JsonNode> entries = items(search(tenant, "/v1/audit-events?limit=500&correlationId=" + correlation));

        assertThat(entries).hasSize(tenant.audit(first).size() + tenant.audit(second).size());
        assertThat(entries).extracting(entry -> entry.get("notificationId").asText()).containsOnly(first, second);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(Instant.parse(entries.get(i - 1).get("occurredAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(entries.get(i).get("occurredAt").asText()));
        }
        assertThat(entries).allSatisfy(entry -> assertThat(entry.get("correlationId").asText()).isEqualTo(correlation));
        assertThat(entries.toString()).doesNotContain("audit.one@example.com").doesNotContain("audit.two@example.com");
    }

    @Test
    void typeActorAndTimeNarrowTheSearch() {
        List<JsonNode> sent = items(search(tenant, "/v1/audit-events?type=NotificationSent&correlationId=" + correlation));
        assertThat(sent).extracting(entry -> entry.get("notificationId").asText()).containsExactlyInAnyOrder(first, second);
        assertThat(sent).allSatisfy(entry -> assertThat(entry.get("type").asText()).isEqualTo("NotificationSent"));

        List<JsonNode> byKey = items(search(tenant, "/v1/audit-events?actor=" + keyId));
        assertThat(byKey).extracting(entry -> entry.get("type").asText()).as("the request and the queueing it caused")
                .containsOnly("NotificationRequested", "NotificationQueued").contains("NotificationRequested");
        assertThat(byKey).extracting(entry -> entry.get("notificationId").asText()).containsOnly(first, second);
        assertThat(items(search(tenant, "/v1/audit-events?actor=delivery&correlationId=" + correlation)))
                .extracting(entry -> entry.get("type").asText()).doesNotContain("NotificationRequested").isNotEmpty();

        Instant sentAt = Instant.parse(tenant.audit(second).stream().filter(entry -> entry.get("type").asText().equals("NotificationSent"))
                .findFirst().orElseThrow().get("occurredAt").asText());
        List<JsonNode> fromSent = items(search(tenant, "/v1/audit-events?correlationId={c}&from={f}", correlation, sentAt.toString()));
        assertThat(fromSent).isNotEmpty().allSatisfy(entry ->
                assertThat(Instant.parse(entry.get("occurredAt").asText())).isAfterOrEqualTo(sentAt));
        List<JsonNode> beforeSent = items(search(tenant, "/v1/audit-events?correlationId={c}&to={t}", correlation, sentAt.toString()));
        assertThat(beforeSent).isNotEmpty().allSatisfy(entry ->
                assertThat(Instant.parse(entry.get("occurredAt").asText())).isBefore(sentAt));
        assertThat(fromSent.size() + beforeSent.size())
                .isEqualTo(items(search(tenant, "/v1/audit-events?limit=500&correlationId=" + correlation)).size());
    }

    @Test
    void pagesOfOneEntryAddUpToTheWholeResult() {
        List<String> whole = entryKeys(items(search(tenant, "/v1/audit-events?limit=500&correlationId=" + correlation)));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = search(tenant, "/v1/audit-events?limit=1&correlationId=" + correlation + (cursor == null ? "" : "&cursor=" + cursor));
            paged.addAll(entryKeys(items(page)));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(paged).doesNotHaveDuplicates().containsExactlyElementsOf(whole);
    }

    @Test
    void anotherTenantFindsNoneOfItAndAnOperatorFindsAll() {
        LedgerClient other = SearchTest.clientOfNewTenant(ledger);
        assertThat(items(search(other, "/v1/audit-events?correlationId=" + correlation))).isEmpty();
        assertThat(items(search(other, "/v1/audit-events?actor=" + keyId))).isEmpty();
        other.http().get().uri("/v1/notifications/{id}?asOf={at}", first, Instant.now().toString()).exchange()
                .expectStatus().isNotFound();

        LedgerClient operator = new LedgerClient(ledger.operatorHttp());
        assertThat(items(search(operator, "/v1/audit-events?limit=500&correlationId=" + correlation)))
                .hasSize(items(search(tenant, "/v1/audit-events?limit=500&correlationId=" + correlation)).size());
    }

    @Test
    void theStatusAsOfAMomentIsFoldedFromTheEventsUntilThen() {
        List<JsonNode> timeline = tenant.audit(first);
        Instant requestedAt = occurredAt(timeline, "NotificationRequested");
        Instant startedAt = occurredAt(timeline, "DeliveryAttemptStarted");
        Instant sentAt = occurredAt(timeline, "NotificationSent");

        tenant.http().get().uri("/v1/notifications/{id}?asOf={at}", first, requestedAt.minusMillis(1).toString()).exchange()
                .expectStatus().isNotFound();
        JsonNode sending = asOf(first, startedAt.isBefore(sentAt) ? startedAt : sentAt.minusMillis(1));
        assertThat(sending.get("status").asText()).isEqualTo("SENDING");
        assertThat(sending.get("attempts").asInt()).isEqualTo(1);
        assertThat(sending.get("transitions").has("SENT")).isFalse();
        assertThat(sending.get("vendor").isNull()).isTrue();

        JsonNode now = asOf(first, Instant.now());
        JsonNode current = tenant.status(first);
        for (String field : List.of("notificationId", "tenantId", "channel", "priority", "recipient", "status", "attempts", "vendor",
                "vendorMessageId", "correlationId", "requestedAt", "updatedAt", "transitions", "sendAt", "nextAttemptAt")) {
            assertThat(now.get(field)).as(field).isEqualTo(current.get(field));
        }
        assertThat(now.get("projectedAt").isNull()).isTrue();
    }

    private static JsonNode asOf(String id, Instant at) {
        return tenant.http().get().uri("/v1/notifications/{id}?asOf={at}", id, at.toString()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static Instant occurredAt(List<JsonNode> timeline, String type) {
        return Instant.parse(timeline.stream().filter(entry -> entry.get("type").asText().equals(type)).findFirst()
                .orElseThrow().get("occurredAt").asText());
    }

    private static List<String> entryKeys(List<JsonNode> entries) {
        return entries.stream().map(entry -> entry.get("notificationId").asText() + "#" + entry.get("sequence").asLong()).toList();
    }
}
