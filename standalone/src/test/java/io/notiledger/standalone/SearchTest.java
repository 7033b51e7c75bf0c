package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.notiledger.projections.status.NotificationStatusView;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v1/notifications} against the running ledger: pages that stay whole while notifications arrive, each
 * filter, the tenant's scope, masked recipients matched through their keyed hash.
 */
@ExtendWith(SharedLedger.class)
class SearchTest {

    private static TestLedger ledger;

    @BeforeAll
    static void shared(TestLedger shared) {
        ledger = shared;
    }

    @Test
    void pagesStayWholeWhileNewNotificationsArrive() {
        LedgerClient tenant = clientOfNewTenant();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(tenant.send(LedgerClient.email("page-" + i + "@example.com", "Page " + i)));
        }
        awaitSearch(tenant, "/v1/notifications?limit=500", 12);

        JsonNode first = search(tenant, "/v1/notifications?limit=5");
        List<String> seen = new ArrayList<>(ids(first));
        List<String> arrivedMeanwhile = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            arrivedMeanwhile.add(tenant.send(LedgerClient.email("late-" + i + "@example.com", "Late " + i)));
        }
        awaitSearch(tenant, "/v1/notifications?limit=500", 15);
        String cursor = first.get("nextCursor").asText();
        while (cursor != null) {
            JsonNode page = search(tenant, "/v1/notifications?limit=5&cursor=" + cursor);
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        }

        assertThat(seen).as("no duplicates, no gaps, nothing that arrived after the first page")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(seen).doesNotContainAnyElementsOf(arrivedMeanwhile);
        List<JsonNode> all = items(search(tenant, "/v1/notifications?limit=500"));
        assertThat(all).hasSize(15);
        for (int i = 1; i < all.size(); i++) {
            Instant newer = Instant.parse(all.get(i - 1).get("requestedAt").asText());
            Instant older = Instant.parse(all.get(i).get("requestedAt").asText());
            assertThat(newer).as("newest first").isAfterOrEqualTo(older);
        }
        assertThat(ids(search(tenant, "/v1/notifications?limit=3"))).containsExactlyElementsOf(
                all.stream().limit(3).map(item -> item.get("notificationId").asText()).toList());
    }

    @Test
    void everyFilterNarrowsTheSearch() {
        LedgerClient tenant = clientOfNewTenant();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String plain = tenant.send(request("jane.filter@example.com", "HIGH", "order-4711", Map.of("template", "reset")));
        String low = tenant.send(request("joe.filter@example.com", "LOW", "order-4712", Map.of("template", "welcome", "campaign", "spring")));
        Map<String, Object> later = request("jane.filter@example.com", "NORMAL", "order-4713", Map.of("template", "reset"));
        later.put("sendAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        String scheduled = tenant.send(later);
        tenant.awaitStatus(plain, "SENT");
        tenant.awaitStatus(low, "SENT");
        tenant.awaitStatus(scheduled, "SCHEDULED");
        Instant after = Instant.now().plusMillis(1);

        assertThat(ids(search(tenant, "/v1/notifications"))).containsExactlyInAnyOrder(plain, low, scheduled);
        assertThat(ids(search(tenant, "/v1/notifications?status=SENT"))).containsExactlyInAnyOrder(plain, low);
        assertThat(ids(search(tenant, "/v1/notifications?status=SCHEDULED"))).containsExactly(scheduled);
        assertThat(ids(search(tenant, "/v1/notifications?channel=EMAIL"))).hasSize(3);
        assertThat(ids(search(tenant, "/v1/notifications?channel=SMS"))).isEmpty();
        assertThat(ids(search(tenant, "/v1/notifications?priority=LOW"))).containsExactly(low);
        assertThat(ids(search(tenant, "/v1/notifications?correlationId=order-4711"))).containsExactly(plain);
        assertThat(ids(searchBy(tenant, "recipient", "jane.filter@example.com"))).containsExactlyInAnyOrder(plain, scheduled);
        assertThat(ids(searchBy(tenant, "recipient", "jane.filter@EXAMPLE.com"))).as("the domain in any case")
                .containsExactlyInAnyOrder(plain, scheduled);
        assertThat(ids(searchBy(tenant, "recipient", "Jane.filter@example.com"))).as("the local part exactly").isEmpty();
        assertThat(ids(search(tenant, "/v1/notifications?metadata=template:reset"))).containsExactlyInAnyOrder(plain, scheduled);
        assertThat(ids(search(tenant, "/v1/notifications?metadata=template:welcome&metadata=campaign:spring"))).containsExactly(low);
        assertThat(ids(search(tenant, "/v1/notifications?metadata=template:welcome&metadata=campaign:autumn"))).isEmpty();
        assertThat(ids(search(tenant, "/v1/notifications?status=SENT&priority=HIGH&correlationId=order-4711"))).containsExactly(plain);
        assertThat(ids(searchBy(tenant, "requestedFrom", before.toString()))).hasSize(3);
        assertThat(ids(searchBy(tenant, "requestedFrom", after.toString()))).isEmpty();
        assertThat(ids(searchBy(tenant, "requestedTo", before.toString()))).isEmpty();
        JsonNode lowStatus = tenant.status(low);
        Instant lowAt = Instant.parse(lowStatus.get("requestedAt").asText());
        assertThat(ids(search(tenant, "/v1/notifications?requestedFrom=" + lowAt + "&requestedTo=" + lowAt.plusMillis(1))))
                .as("from inclusive, to exclusive").containsExactly(low);
    }

    @Test
    void aTenantFindsOnlyItsOwnAndNeverSeesAnAddress() {
        String correlation = "shared-" + UUID.randomUUID();
        LedgerClient mine = clientOfNewTenant();
        LedgerClient theirs = clientOfNewTenant();
        String recipient = "private.person@example.com";
        String id = mine.send(request(recipient, "NORMAL", correlation, Map.of()));
        mine.awaitStatus(id, "SENT");

        EntityExchangeResult<byte[]> answer = mine.http().get().uri("/v1/notifications?recipient={r}", recipient).exchange()
                .expectStatus().isOk().expectBody().returnResult();
        String body = new String(answer.getResponseBody());
        assertThat(body).contains(id).contains("p***n@example.com").doesNotContain(recipient);
        assertThat(ids(searchBy(theirs, "recipient", recipient))).isEmpty();
        assertThat(ids(search(theirs, "/v1/notifications?correlationId=" + correlation))).isEmpty();
        assertThat(ids(search(theirs, "/v1/notifications?limit=500"))).isEmpty();

        LedgerClient operator = new LedgerClient(ledger.operatorHttp());
        assertThat(ids(search(operator, "/v1/notifications?correlationId=" + correlation))).containsExactly(id);
        assertThat(ids(search(operator, "/v1/notifications?correlationId=" + correlation + "&tenant=" + tenantOf(mine, id))))
                .containsExactly(id);
        assertThat(ids(search(operator, "/v1/notifications?correlationId=" + correlation + "&tenant=somebody-else"))).isEmpty();

        Document stored = ledger.bean(MongoTemplate.class).findOne(Query.query(Criteria.where("_id").is(id)), Document.class,
                NotificationStatusView.COLLECTION);
        assertThat(stored.getString("recipientHash")).isNotBlank().isNotEqualTo(recipient).doesNotContain("private");
        assertThat(stored.toJson()).doesNotContain(recipient);
    }

    @Test
    void aCursorOfAnotherSearchOrTenantIsRefused() {
        LedgerClient tenant = clientOfNewTenant();
        for (int i = 0; i < 3; i++) {
            tenant.send(request("cursor-" + i + "@example.com", "HIGH", "cursor-test", Map.of()));
        }
        awaitSearch(tenant, "/v1/notifications", 3);
        String cursor = search(tenant, "/v1/notifications?limit=1").get("nextCursor").asText();
        assertThat(ids(search(tenant, "/v1/notifications?limit=1&cursor=" + cursor))).hasSize(1);

        assertBadParameter(tenant, "/v1/notifications?limit=1&status=SENT&cursor=" + cursor, "cursor");
        assertBadParameter(clientOfNewTenant(), "/v1/notifications?limit=1&cursor=" + cursor, "cursor");
        String tampered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("A") ? "BB" : "AA");
        assertBadParameter(tenant, "/v1/notifications?limit=1&cursor=" + tampered, "cursor");
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        LedgerClient tenant = clientOfNewTenant();
        long before = ledger.storedNotifications();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/v1/notifications?status=DELIVERED", "status");
        cases.put("/v1/notifications?channel=FAX", "channel");
        cases.put("/v1/notifications?priority=URGENT", "priority");
        cases.put("/v1/notifications?requestedFrom=yesterday", "requestedFrom");
        cases.put("/v1/notifications?requestedTo=2026-03-01T09:00:00", "requestedTo");
        cases.put("/v1/notifications?requestedFrom=2026-03-02T00:00:00Z&requestedTo=2026-03-01T00:00:00Z", "requestedFrom");
        cases.put("/v1/notifications?limit=501", "limit");
        cases.put("/v1/notifications?limit=0", "limit");
        cases.put("/v1/notifications?limit=ten", "limit");
        cases.put("/v1/notifications?cursor=not-a-cursor", "cursor");
        cases.put("/v1/notifications?metadata=no-colon", "metadata");
        cases.put("/v1/notifications?metadata=bad key:x", "metadata");
        cases.put("/v1/notifications?stauts=SENT", "stauts");
        cases.put("/v1/notifications?status=SENT&status=QUEUED", "status");
        cases.put("/v1/notifications?tenant=someone-else", "tenant");
        cases.put("/v1/notifications?correlationId=" + "x".repeat(129), "correlationId");
        cases.put("/v1/audit-events?type=NotificationDelivered", "type");
        cases.put("/v1/audit-events?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from");
        cases.put("/v1/audit-events?limit=1000", "limit");
        cases.put("/v1/audit-events?cursor=!!!", "cursor");
        cases.put("/v1/audit-events?recipient=jane@example.com", "recipient");
        cases.put("/v1/notifications/" + UUID.randomUUID() + "?asOf=" + Instant.now().plus(1, ChronoUnit.HOURS), "asOf");
        cases.put("/v1/notifications/" + UUID.randomUUID() + "?asOf=10:02", "asOf");
        cases.forEach((uri, parameter) -> assertBadParameter(tenant, uri, parameter));
        assertThat(ledger.storedNotifications()).isEqualTo(before);
    }

    static void assertBadParameter(LedgerClient client, String uri, String parameter) {
        JsonNode problem = client.http().get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("code").asText()).as(uri).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.get("errors").get(0).get("field").asText()).as(uri).isEqualTo(parameter);
    }

    static LedgerClient clientOfNewTenant() {
        return clientOfNewTenant(ledger);
    }

    static LedgerClient clientOfNewTenant(TestLedger ledger) {
        return new LedgerClient(ledger.http(ledger.createKey("search-" + UUID.randomUUID().toString().substring(0, 8), "sender")));
    }

    static Map<String, Object> request(String recipient, String priority, String correlationId, Map<String, String> metadata) {
        Map<String, Object> request = new LinkedHashMap<>(LedgerClient.email(recipient, "Search"));
        request.put("priority", priority);
        request.put("correlationId", correlationId);
        if (!metadata.isEmpty()) {
            request.put("metadata", metadata);
        }
        return request;
    }

    /** A search with one parameter whose value is encoded (an address's '@', an instant's '+'). */
    static JsonNode searchBy(LedgerClient client, String parameter, String value) {
        return search(client, "/v1/notifications?" + parameter + "={value}", value);
    }

    /** Answered 200; the template's variables are encoded. */
    static JsonNode search(LedgerClient client, String uriTemplate, Object... variables) {
        return client.http().get().uri(uriTemplate, variables).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    static void awaitSearch(LedgerClient client, String uri, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> items(search(client, uri)).size() >= count);
    }

    static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    static List<String> ids(JsonNode page) {
        return items(page).stream().map(item -> item.get("notificationId").asText()).toList();
    }

    private static String tenantOf(LedgerClient client, String id) {
        return client.status(id).get("tenantId").asText();
    }
}
