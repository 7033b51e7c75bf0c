package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SMTP server goes down: the ledger retries with back-off, then delivers exactly once or gives up. */
class SmtpOutageTest {

    @TempDir
    static Path dataDir;
    static SmtpSink smtp;
    static TestLedger ledger;
    static LedgerClient client;

    @BeforeAll
    static void start() {
        smtp = new SmtpSink();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start();
        client = new LedgerClient(ledger.http());
    }

    @AfterAll
    static void stop() {
        ledger.close();
        smtp.close();
    }

    @Test
    void outageIsRetriedUntilTheMailIsDeliveredExactlyOnce() {
        smtp.down();
        String id = client.send(LedgerClient.email("outage@example.com", "During the outage"));

        client.awaitAudit(id, types -> Collections.frequency(types, "DeliveryAttemptFailed") >= 2
                && types.contains("RetryScheduled"));
        JsonNode waiting = client.status(id);
        assertThat(waiting.get("lastErrorCode").asText()).isEqualTo("SMTP_CONNECTION_FAILED");
        assertThat(smtp.mailsFor(id)).isZero();

        smtp.up();
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
        assertThat(client.status(id).get("status").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(smtp.mailsFor(id)).isZero();
    }
}
