package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One event the status view cannot apply must not stop the view for anybody else. The poison is injected
 * below the API, where it happens in production: the status view's MongoDB collection carries a unique
 * index (as an operator or a migration may add) that one notification's status document breaks, because a
 * document already holds its correlation id. That notification's events are parked in the status view
 * only, while 1,000 others flow to SENT; once the blocking document is gone, a retry applies them.
 */
class PoisonEventFaultTest {

    private static final int OTHERS = 1_000;
    private static final int CLIENTS = 8;
    private static final String STATUS_GROUP = "notification-status";
    private static final String POISONED_CORRELATION = "corr-poisoned-by-a-unique-index";

    @TempDir
    Path dataDir;

    @Test
    void aPoisonEventIsParkedForItsNotificationWhileOthersFlowAndIsAppliedByARetryAfterTheFix() throws Exception {
        try (SmtpSink smtp = new SmtpSink().up();
             TestLedger ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start()) {
            LedgerClient client = new LedgerClient(ledger.http(), ledger.operatorHttp());
            MongoCollection<Document> statusView = ledger.bean(MongoTemplate.class).getCollection("notification_status");
            statusView.createIndex(new Document("correlationId", 1), new IndexOptions().unique(true).name("one_per_correlation"));
            Document blocker = new Document("_id", "blocker").append("correlationId", POISONED_CORRELATION);
            statusView.insertOne(blocker);

            Map<String, Object> poisonedRequest = new HashMap<>(LedgerClient.email("poisoned@example.com", "Parked"));
            poisonedRequest.put("correlationId", POISONED_CORRELATION);
            String poisoned = client.send(poisonedRequest);
            List<String> others = sendConcurrently(client, OTHERS);

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> statusView.countDocuments(
                    Filters.and(Filters.in("_id", others), Filters.eq("status", "SENT"))) == OTHERS);
            List<String> othersSent = others.stream().filter(id -> "SENT".equals(statusOf(client, id))).toList();
            assertThat(othersSent).hasSize(OTHERS);
            // delivery does not read the views: the poisoned notification is sent and fully audited all the same
            await().atMost(Duration.ofSeconds(60)).until(() -> smtp.mailsFor(poisoned) == 1);
            assertThat(client.awaitAudit(poisoned, types -> types.contains("NotificationSent"))).containsExactly(
                    "NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted", "NotificationSent");

            JsonNode parkedGroup = await().atMost(Duration.ofSeconds(60)).until(() -> parkedIn(client, STATUS_GROUP),
                    group -> group.get("parked").asLong() == 4);
            List<JsonNode> parked = StreamSupport.stream(parkedGroup.get("events").spliterator(), false).toList();
            assertThat(parked).extracting(event -> event.get("notificationId").asText()).containsOnly(poisoned);
            assertThat(parked).extracting(event -> event.get("eventType").asText()).containsExactly(
                    "NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted", "NotificationSent");
            assertThat(parked.get(0).get("causeType").asText()).isEqualTo("com.mongodb.MongoWriteException");
            // the duplicate-key message names the index, not the key's values
            assertThat(parked.get(0).get("causeMessage").asText()).contains("one_per_correlation")
                    .doesNotContain(POISONED_CORRELATION);
            assertThat(parked.get(0).get("failures").asInt()).isEqualTo(1);
            assertThat(parkedIn(client, "notification-audit").get("parked").asLong()).isZero();
            assertThat(client.status(poisoned).has("notificationId")).as("status of the parked notification").isFalse();
            double parkedMetric = parkedMetric(client);
            assertThat(parkedMetric).isEqualTo(4.0);

            statusView.deleteOne(Filters.eq("_id", blocker.get("_id")));
            JsonNode retried = client.operator().post()
                    .uri(uri -> uri.path("/admin/v1/parked-events/retry").queryParam("group", STATUS_GROUP).build())
                    .exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();

            assertThat(retried.get("processed").asLong()).isEqualTo(4);
            assertThat(retried.get("stillParked").asLong()).isZero();
            assertThat(client.awaitStatus(poisoned, "SENT").get("attempts").asInt()).isEqualTo(1);
            assertThat(parkedIn(client, STATUS_GROUP).get("events")).isEmpty();
            assertThat(parkedMetric(client)).isZero();

            long mailsTwice = others.stream().filter(id -> smtp.mailsFor(id) > 1).count() + (smtp.mailsFor(poisoned) > 1 ? 1 : 0);
            List<String> accepted = new ArrayList<>(others);
            accepted.add(poisoned);
            FaultFigures figures = FaultFigures.settle("poison-event", accepted, id -> statusOf(client, id), Duration.ofSeconds(60))
                    .mailsTwice(mailsTwice).parked(parked.size()).report();
            assertThat(figures.lost()).isZero();
            assertThat(mailsTwice).isZero();
        }
    }

    private static List<String> sendConcurrently(LedgerClient client, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Map<String, Object> request = LedgerClient.email("flowing" + i + "@example.com", "Keeps flowing " + i);
                sends.add(pool.submit(() -> client.send(request)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> send : sends) {
                ids.add(send.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String statusOf(LedgerClient client, String id) {
        JsonNode status = client.status(id);
        return status != null && status.has("status") ? status.get("status").asText() : null;
    }

    private static JsonNode parkedIn(LedgerClient client, String group) {
        JsonNode all = client.operator().get().uri("/admin/v1/parked-events").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        for (JsonNode each : all.get("groups")) {
            if (group.equals(each.get("group").asText())) {
                return each;
            }
        }
        throw new AssertionError("no group " + group + " in " + all);
    }

    private static double parkedMetric(LedgerClient client) {
        JsonNode metric = client.operator().get()
                .uri(uri -> uri.path("/actuator/metrics/ledger.projections.parked.events")
                        .queryParam("tag", "group:" + STATUS_GROUP).build())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return metric.get("measurements").get(0).get("value").asDouble();
    }
}
