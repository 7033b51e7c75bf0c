package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards' endpoints against the running ledger: {@code /v1/stats} counts what a tenant sent and only that,
 * {@code /v1/notifications/stream} sends a tenant's status changes and resumes after {@code Last-Event-ID},
 * {@code /v1/views/lag} says how far each view is behind; bad parameters are refused naming them.
 */
@ExtendWith(SharedLedger.class)
class LiveQueriesTest {

    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> EVENT = new ParameterizedTypeReference<>() {
    };

    private static TestLedger ledger;

    @BeforeAll
    static void ledger(TestLedger shared) {
        ledger = shared;
    }

    @Test
    void statsCountWhatTheTenantSentAndNothingOfAnotherTenant() {
        LedgerClient a = new LedgerClient(ledger.http(ledger.createKey("stats-a", "sender")));
        LedgerClient b = new LedgerClient(ledger.http(ledger.createKey("stats-b", "sender")));
        Instant from = Instant.now().minusSeconds(120);
        a.awaitStatus(a.send(LedgerClient.email("stats-a1@example.com", "One")), "SENT");
        a.awaitStatus(a.send(LedgerClient.email("stats-a2@example.com", "Two")), "SENT");
        b.awaitStatus(b.send(LedgerClient.email("stats-b1@example.com", "Three")), "SENT");
        String range = "/v1/stats?bucket=hour&from=" + from + "&to=" + Instant.now().plusSeconds(60);

        JsonNode ofA = await().atMost(Duration.ofSeconds(30)).until(() -> get(a, range),
                stats -> stats.at("/totals/sent").asLong() == 2);
        assertThat(ofA.at("/totals/requested").asLong()).isEqualTo(2);
        assertThat(ofA.path("bucket").asText()).isEqualTo("hour");
        assertThat(ofA.path("buckets")).isNotEmpty();
        long latencies = 0;
        for (JsonNode count : ofA.at("/totals/latency")) {
            latencies += count.asLong();
        }
        assertThat(latencies).as("each sent notification in one latency bucket").isEqualTo(2);
        assertThat(get(b, range).at("/totals/requested").asLong()).isEqualTo(1);
        JsonNode everyTenant = get(new LedgerClient(ledger.operatorHttp()), range);
        assertThat(everyTenant.at("/totals/requested").asLong()).as("an operator's: every tenant's").isGreaterThanOrEqualTo(3);
    }

    @Test
    void badStatsParametersAreRefusedNamingTheParameter() {
        LedgerClient reader = new LedgerClient(ledger.http(ledger.createKey("stats-a", "reader")));
        Map<String, String> refused = Map.of(
                "/v1/stats?from=2026-12-03T10:00:00Z&to=2026-12-03T09:00:00Z", "from",
                "/v1/stats?to=yesterday", "to",
                "/v1/stats?from=2026-12-03T10:00:00", "from",
                "/v1/stats?bucket=week", "bucket",
                "/v1/stats?channel=FAX", "channel",
                "/v1/stats?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z&bucket=minute", "bucket",
                "/v1/stats?tenant=other", "tenant",
                "/v1/stats?bucket=hour&bucket=day", "bucket");
        refused.forEach((uri, parameter) -> {
            JsonNode problem = reader.http().get().uri(uri).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(problem.path("code").asText()).as(uri).isEqualTo("VALIDATION_FAILED");
            assertThat(problem.at("/errors/0/field").asText()).as(uri).isEqualTo(parameter);
        });
    }

    @Test
    void theStreamSendsTheTenantsStatusChangesAndResumesAfterTheLastEventId() throws InterruptedException {
        String key = ledger.createKey("stream-a", "sender");
        LedgerClient a = new LedgerClient(ledger.http(key));
        LedgerClient b = new LedgerClient(ledger.http(ledger.createKey("stream-b", "sender")));
        BlockingQueue<ServerSentEvent<JsonNode>> received = new LinkedBlockingQueue<>();
        var subscription = stream(key, null).subscribe(received::add);
        try {
            String first = a.send(LedgerClient.email("stream-a1@example.com", "First"));
            b.awaitStatus(b.send(LedgerClient.email("stream-b1@example.com", "Another tenant's")), "SENT");
            ServerSentEvent<JsonNode> sentEvent = awaitEvent(received, first, "SENT");
            assertThat(sentEvent.event()).isEqualTo("status");
            assertThat(sentEvent.data().path("recipient").asText()).isEqualTo("s***1@example.com");

            String second = a.send(LedgerClient.email("stream-a2@example.com", "Second"));
            awaitEvent(received, second, "SENT");
            assertThat(received).as("only the tenant's own notifications")
                    .allSatisfy(event -> assertThat(event.data().path("tenantId").asText()).isEqualTo("stream-a"));

            List<ServerSentEvent<JsonNode>> resumed = stream(key, sentEvent.id())
                    .take(Duration.ofSeconds(3)).collectList().block(Duration.ofSeconds(10));
            assertThat(resumed).extracting(event -> event.data().path("notificationId").asText())
                    .as("after the resumed position: the second notification only").contains(second).doesNotContain(first);
        } finally {
            subscription.dispose();
        }

        JsonNode problem = a.http().get().uri("/v1/notifications/stream").header("Last-Event-ID", "not-an-id")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("Last-Event-ID");
    }

    @Test
    void theLagOfEveryViewIsReported() {
        LedgerClient reader = new LedgerClient(ledger.http(ledger.createKey("lag-a", "reader")));
        JsonNode lag = await().atMost(Duration.ofSeconds(30)).until(() -> get(reader, "/v1/views/lag"),
                answer -> answer.path("processors").size() == 3 && answer.path("processors").findValues("eventsBehind")
                        .stream().allMatch(JsonNode::isNumber));
        assertThat(lag.path("processors").findValuesAsText("processingGroup"))
                .containsExactlyInAnyOrder("notification-status", "notification-audit", "delivery-stats");
    }

    private static JsonNode get(LedgerClient client, String uri) {
        return client.http().get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The stream's events with data (comments left out). */
    private static Flux<ServerSentEvent<JsonNode>> stream(String key, String lastEventId) {
        WebClient.RequestHeadersSpec<?> request = WebClient.create("http://127.0.0.1:" + ledger.property("local.server.port"))
                .get().uri("/v1/notifications/stream")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.retrieve().bodyToFlux(EVENT).filter(event -> event.data() != null);
    }

    private static ServerSentEvent<JsonNode> awaitEvent(BlockingQueue<ServerSentEvent<JsonNode>> received, String id, String status)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<ServerSentEvent<JsonNode>> seen = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            ServerSentEvent<JsonNode> event = received.poll(200, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            seen.add(event);
            if (id.equals(event.data().path("notificationId").asText()) && status.equals(event.data().path("status").asText())) {
                received.addAll(seen);
                return event;
            }
        }
        throw new AssertionError("No " + status + " event of " + id + " within 60 s; received " + seen.size() + " events");
    }
}
