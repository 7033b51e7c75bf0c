package io.notiledger.standalone;

import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMTP server goes down for 75 seconds: the ledger retries with back-off and delivers every mail once
 * when it returns, important mail and ordinary alike; a notification whose attempts run out first is
 * dead-lettered and never mailed.
 */
class SmtpOutageFaultTest {

    private static final Duration OUTAGE = Duration.ofSeconds(75);

    @TempDir
    static Path dataDir;
    static SmtpSink smtp;
    static TestLedger ledger;
    static LedgerClient client;

    @BeforeAll
    static void start() {
        smtp = new SmtpSink();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port());
        // retry windows longer than the outage, with waits short enough that the test ends soon after it
        for (String priority : List.of("HIGH", "NORMAL")) {
            String prefix = "ledger.delivery.retry.priorities." + priority + ".";
            ledger.with(prefix + "max-attempts", "40").with(prefix + "initial-backoff", "1s")
                    .with(prefix + "multiplier", "2").with(prefix + "max-backoff", "4s");
        }
        ledger.start();
        client = new LedgerClient(ledger.http());
    }

    @AfterAll
    static void stop() {
        ledger.close();
        smtp.close();
    }

    @Test
    void aSeventyFiveSecondOutageIsRetriedThroughAndEveryMailIsDeliveredOnce() throws Exception {
        smtp.down();
        long downSince = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String priority = i % 2 == 0 ? "HIGH" : "NORMAL";
            ids.add(client.send(Map.of("channel", "EMAIL", "recipient", "outage" + i + "@example.com",
                    "subject", "During the outage", "body", "Hello from the ledger", "priority", priority)));
        }
        String id = ids.get(0);

        client.awaitAudit(id, types -> Collections.frequency(types, "DeliveryAttemptFailed") >= 2
                && types.contains("RetryScheduled"));
        JsonNode waiting = client.status(id);
        assertThat(waiting.get("lastErrorCode").asText()).isEqualTo("SMTP_CONNECTION_FAILED");
        Duration restOfOutage = OUTAGE.minus(Duration.ofNanos(System.nanoTime() - downSince));
        if (restOfOutage.compareTo(Duration.ofSeconds(1)) > 0) {
            // the outage lasts its 75 s; all along, nothing is mailed and nothing given up
            await().during(restOfOutage).atMost(restOfOutage.plusSeconds(15)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ids.stream().allMatch(each -> smtp.mailsFor(each) == 0)
                            && ids.stream().noneMatch(each -> "DEAD_LETTERED".equals(client.state(each))));
        }
        assertThat(ids).as("notifications mailed during the outage").allMatch(each -> smtp.mailsFor(each) == 0)
                .as("notifications given up during the outage").noneMatch(each -> "DEAD_LETTERED".equals(client.state(each)));

        smtp.up();
        long upSince = System.nanoTime();
        FaultFigures figures = FaultFigures.settle("smtp-down-75s", ids, client::state, Duration.ofSeconds(60))
                .mailsTwice(smtp.mails().twice(ids))
                .report("sent_within_s=" + Duration.ofNanos(System.nanoTime() - upSince).toSeconds());
        assertThat(figures.sent()).isEqualTo(ids.size());
        ids.forEach(each -> assertThat(smtp.mailsFor(each)).as("mails of %s", each).isEqualTo(1));

        JsonNode sent = client.awaitStatus(id, "SENT");
        List<String> types = client.awaitAudit(id, t -> t.contains("NotificationSent"));
        int failures = Collections.frequency(types, "DeliveryAttemptFailed");
        assertThat(failures).isGreaterThanOrEqualTo(2);
        assertThat(Collections.frequency(types, "RetryScheduled")).isEqualTo(failures);
        assertThat(Collections.frequency(types, "DeliveryAttemptStarted")).isEqualTo(failures + 1);
        assertThat(sent.get("attempts").asInt()).isEqualTo(failures + 1);
        assertThat(smtp.mailsFor(id)).isEqualTo(1);

        List<JsonNode> audit = client.audit(id);
        JsonNode firstFailure = audit.stream().filter(e -> e.get("type").asText().equals("DeliveryAttemptFailed")).findFirst().orElseThrow();
        assertThat(firstFailure.get("attemptNumber").asInt()).isEqualTo(1);
        assertThat(firstFailure.get("details").get("errorCode").asText()).isEqualTo("SMTP_CONNECTION_FAILED");
        assertThat(firstFailure.get("details").get("retryable").asBoolean()).isTrue();
        assertThat(firstFailure.get("details").get("errorMessage").asText()).isNotBlank();
    }

    @Test
    void exhaustedRetriesDeadLetterTheNotification() {
        smtp.down();
        // LOW priority allows 3 attempts in this test configuration
        String id = client.send(Map.of("channel", "EMAIL", "recipient", "gone@example.com", "subject", "Never",
                "body", "Will not arrive", "priority", "LOW"));

        JsonNode status = client.awaitStatus(id, "DEAD_LETTERED");
        assertThat(status.get("attempts").asInt()).isEqualTo(3);
        assertThat(status.get("lastErrorCode").asText()).isEqualTo("SMTP_CONNECTION_FAILED");
        List<String> types = client.awaitAudit(id, t -> t.contains("NotificationDeadLettered"));
        assertThat(Collections.frequency(types, "DeliveryAttemptFailed")).isEqualTo(3);
        assertThat(Collections.frequency(types, "RetryScheduled")).isEqualTo(2);
        assertThat(types.get(types.size() - 1)).isEqualTo("NotificationDeadLettered");

        smtp.up();
        FaultFigures figures = FaultFigures.settle("smtp-down-attempts-exhausted", List.of(id), client::state,
                Duration.ofSeconds(10)).report();
        assertThat(figures.deadLettered()).isEqualTo(1);
        assertThat(smtp.mailsFor(id)).isZero();
    }
}
