package io.notiledger.standalone;

import io.notiledger.standalone.ScriptedSmtpServer.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prometheus scrapes {@code /actuator/prometheus} with an operator key and finds the ledger's own series with the
 * values of the traffic that ran: a fresh ledger, one tenant of the test's, three notifications sent and two
 * refused by the SMTP server for good (550).
 */
class PrometheusMetricsTest {

    private static final String TENANT = "metrics-test";
    private static final String[] EMAIL_OF_TENANT = {"channel", "EMAIL", "tenant", TENANT};

    @TempDir
    static Path dataDir;
    static ScriptedSmtpServer smtp;
    static TestLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        smtp = new ScriptedSmtpServer();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        smtp.close();
    }

    @Test
    void theLedgersSeriesCountTheTrafficThatRan() {
        String key = ledger.createKey(TENANT, "sender");
        LedgerClient client = new LedgerClient(ledger.http(key));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(client.send(LedgerClient.email("metrics" + i + "@example.com", "Metrics " + i)));
        }
        sent.forEach(id -> client.awaitStatus(id, "SENT"));
        smtp.reply(Step.RCPT, "550 5.1.1 <nobody@example.com>: Recipient address rejected: user unknown");
        List<String> refused = List.of(client.send(LedgerClient.email("gone1@example.com", "Refused 1")),
                client.send(LedgerClient.email("gone2@example.com", "Refused 2")));
        refused.forEach(id -> client.awaitStatus(id, "DEAD_LETTERED"));
        // requested, queued, attempt started, sent: 4 events each; and a failed attempt and dead-lettered: 5 each
        int events = 3 * 4 + 2 * 5;

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape()
                .sum("ledger_processor_lag_seconds_count", "processor", "notification-audit")).isEqualTo(events));
        PrometheusText metrics = scrape();

        assertThat(metrics.sum("ledger_notifications_requested_total", EMAIL_OF_TENANT)).isEqualTo(5);
        assertThat(metrics.sum("ledger_notifications_sent_total", EMAIL_OF_TENANT)).isEqualTo(3);
        assertThat(metrics.sum("ledger_delivery_attempts_failed_total", "channel", "EMAIL", "tenant", TENANT,
                "code", "SMTP_PERMANENT_REJECT")).isEqualTo(2);
        assertThat(metrics.sum("ledger_delivery_attempts_failed_total")).isEqualTo(2);
        assertThat(metrics.sum("ledger_notifications_dead_lettered_total", EMAIL_OF_TENANT)).isEqualTo(2);

        assertThat(metrics.sum("ledger_delivery_attempt_seconds_count", "channel", "EMAIL", "outcome", "sent")).isEqualTo(3);
        assertThat(metrics.sum("ledger_delivery_attempt_seconds_count", "channel", "EMAIL", "outcome", "failed")).isEqualTo(2);
        assertThat(metrics.sum("ledger_delivery_attempt_seconds_bucket", "outcome", "sent", "le", "+Inf")).isEqualTo(3);
        assertThat(metrics.matching("ledger_delivery_attempt_seconds_bucket", "outcome", "sent")).hasSize(13);
        assertThat(metrics.sum("ledger_delivery_attempt_seconds_sum", "outcome", "sent")).isPositive();

        assertThat(metrics.sum("ledger_publish_lag_seconds_count")).isGreaterThanOrEqualTo(events);
        assertThat(metrics.sum("ledger_processor_lag_seconds_count", "processor", "notification-status")).isEqualTo(events);
        assertThat(metrics.sum("ledger_processor_lag_seconds_count", "processor", "delivery"))
                .as("queued events the delivery processor handled").isEqualTo(5);

        assertThat(metrics.sum("ledger_processor_running", "processor", "delivery")).isEqualTo(1);
        assertThat(metrics.sum("ledger_processor_running", "processor", "notification-status")).isEqualTo(1);
        assertThat(metrics.sum("ledger_processor_error", "processor", "kafka-publisher")).isZero();
        assertThat(metrics.sum("ledger_processor_segments_claimed", "processor", "delivery")).isEqualTo(4);
        assertThat(metrics.sum("ledger_processor_segments_claimed", "processor", "kafka-publisher")).isEqualTo(1);
        assertThat(metrics.sum("ledger_processor_segments_claimed", "processor", "notification-audit")).isEqualTo(1);
        assertThat(metrics.has("ledger_projections_parked_events", "group", "notification-status")).isTrue();
        assertThat(metrics.sum("ledger_projections_parked_events")).isZero();
        assertThat(metrics.sum("ledger_eventstore_commits_total")).isPositive();
    }

    @Test
    void onlyOperatorsMayScrape() {
        ledger.http(null).get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        ledger.http(ledger.createKey(TENANT, "sender", "reader")).get().uri("/actuator/prometheus").exchange()
                .expectStatus().isForbidden();
    }

    private static PrometheusText scrape() {
        WebTestClient operator = ledger.operatorHttp();
        String text = operator.get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return new PrometheusText(text);
    }
}
