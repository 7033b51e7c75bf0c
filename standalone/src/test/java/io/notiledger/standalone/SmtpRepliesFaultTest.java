package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.notiledger.standalone.ScriptedSmtpServer.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail vendor answers, but not with "250": it refuses for a while (4xx), refuses for good (5xx), or
 * answers after the ledger stopped waiting. Transient refusals are retried until the mail goes out once;
 * permanent ones dead-letter the notification at once with the server's reason; a late answer costs at
 * most one extra mail per attempt, every copy with the notification's Message-ID.
 */
class SmtpRepliesFaultTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;
    static ScriptedSmtpServer smtp;
    static TestLedger ledger;
    static LedgerClient client;

    @BeforeAll
    static void start() throws Exception {
        smtp = new ScriptedSmtpServer();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start();
        client = new LedgerClient(ledger.http());
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        smtp.close();
    }

    @AfterEach
    void forgetTheScript() {
        smtp.acceptAll();
    }

    @Test
    void transientRejectsAreRetriedUntilEveryMailIsSentOnce() {
        smtp.reply(Step.GREETING, "421 4.3.2 Service not available, try again later");
        List<String> ids = send(10, "greylisted");
        ids.forEach(id -> client.awaitAudit(id, types -> types.contains("DeliveryAttemptFailed")));
        int refusedGreetings = smtp.scriptedReplies();

        smtp.acceptAll().reply(Step.RCPT, "450 4.2.0 Recipient address rejected: greylisted, try again later");
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.scriptedReplies() >= refusedGreetings + ids.size());
        smtp.acceptAll();

        FaultFigures figures = FaultFigures.settle("smtp-4xx", ids, client::state, SETTLE)
                .mailsTwice(smtp.mails().twice(ids)).report("refused_replies=" + smtp.scriptedReplies());

        assertThat(figures.sent()).isEqualTo(ids.size());
        List<String> reasons = new ArrayList<>();
        for (String id : ids) {
            assertThat(smtp.mails().mailsFor(id)).as("mails of %s", id).isEqualTo(1);
            List<JsonNode> failures = failures(client.awaitAudit(id, types -> types.contains("NotificationSent")), id);
            assertThat(failures).as("failed attempts of %s", id).isNotEmpty();
            for (JsonNode failure : failures) {
                assertThat(failure.path("errorCode").asText()).isEqualTo("SMTP_TRANSIENT_REJECT");
                assertThat(failure.path("retryable").asBoolean()).isTrue();
                reasons.add(failure.path("errorMessage").asText());
            }
        }
        assertThat(reasons).anyMatch(reason -> reason.contains("421 4.3.2"))
                .anyMatch(reason -> reason.contains("450 4.2.0"))
                .noneMatch(reason -> reason.contains("@example.com"));
    }

    @Test
    void permanentRejectsAreDeadLetteredAtOnceWithTheServersReason() throws Exception {
        smtp.reply(Step.RCPT, "550 5.1.1 <nobody@example.com>: Recipient address rejected: user unknown");
        List<String> unknownUsers = send(5, "unknown");
        unknownUsers.forEach(id -> client.awaitStatus(id, "DEAD_LETTERED"));
        smtp.acceptAll().reply(Step.GREETING, "554 5.7.1 No SMTP service here");
        List<String> noService = send(5, "no-service");
        noService.forEach(id -> client.awaitStatus(id, "DEAD_LETTERED"));
        smtp.acceptAll();
        List<String> ids = new ArrayList<>(unknownUsers);
        ids.addAll(noService);
        // the server accepts everything now: a retry within several of this ledger's back-offs would be mailed
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> ids.stream().allMatch(id -> smtp.mails().mailsFor(id) == 0));
        FaultFigures figures = FaultFigures.settle("smtp-5xx", ids, client::state, SETTLE)
                .mailsTwice(smtp.mails().twice(ids)).report();

        assertThat(figures.deadLettered()).isEqualTo(ids.size());
        for (String id : ids) {
            JsonNode status = client.status(id);
            assertThat(status.path("status").asText()).isEqualTo("DEAD_LETTERED");
            assertThat(status.path("attempts").asInt()).as("attempts of %s", id).isEqualTo(1);
            assertThat(status.path("lastErrorCode").asText()).isEqualTo("SMTP_PERMANENT_REJECT");
            assertThat(status.path("lastErrorMessage").asText()).contains(unknownUsers.contains(id) ? "550 5.1.1" : "554 5.7.1")
                    .doesNotContain("nobody@example.com");
            List<String> types = client.awaitAudit(id, t -> t.contains("NotificationDeadLettered"));
            assertThat(Collections.frequency(types, "DeliveryAttemptStarted")).isEqualTo(1);
            assertThat(types).doesNotContain("RetryScheduled", "NotificationSent");
            assertThat(smtp.mails().mailsFor(id)).isZero();
        }
    }

    @Test
    void lateRepliesCostAtMostOneMailPerAttemptAllWithTheSameMessageId() {
        // the server takes each mail but answers after the ledger's read timeout (2 s here)
        smtp.slow(Step.END_OF_DATA, Duration.ofSeconds(3));
        List<String> ids = send(5, "slow");
        ids.forEach(id -> client.awaitAudit(id, types -> types.contains("DeliveryAttemptFailed")));
        smtp.acceptAll();

        FaultFigures figures = FaultFigures.settle("smtp-slow", ids, client::state, SETTLE)
                .mailsTwice(smtp.mails().twice(ids)).report("mails=" + ids.stream().mapToLong(smtp.mails()::mailsFor).sum());

        assertThat(figures.sent()).isEqualTo(ids.size());
        for (String id : ids) {
            int attempts = client.status(id).path("attempts").asInt();
            List<String> messageIds = smtp.mails().messageIdsFor(id);
            assertThat(messageIds).as("mails of %s in %d attempts", id, attempts).hasSizeBetween(1, attempts);
            assertThat(new HashSet<>(messageIds)).as("Message-IDs of %s", id).hasSize(1);
            for (JsonNode failure : failures(client.awaitAudit(id, types -> types.contains("NotificationSent")), id)) {
                assertThat(failure.path("errorCode").asText()).isIn("SMTP_TIMEOUT", "SMTP_SEND_TIMEOUT");
                assertThat(failure.path("retryable").asBoolean()).isTrue();
            }
        }
        assertThat(figures.line()).contains("mails_twice=" + smtp.mails().twice(ids));
    }

    private static List<String> send(int count, String name) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.send(LedgerClient.email(name + i + "@example.com", "SMTP replies: " + name)));
        }
        return ids;
    }

    /** The details of each failed attempt in a notification's audit. */
    private static List<JsonNode> failures(List<String> awaited, String id) {
        return client.audit(id).stream().filter(entry -> entry.path("type").asText().equals("DeliveryAttemptFailed"))
                .map(entry -> entry.path("details")).toList();
    }
}
