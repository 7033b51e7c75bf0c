package io.notiledger.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger is stopped between request and delivery and started again on the same data: every
 * notification is delivered, once, and the views and the audit trail are whole.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void notificationsWaitingForRetryOrScheduleAreDeliveredAfterARestart() {
        try (SmtpSink smtp = new SmtpSink()) {
            TestLedger ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start();
            LedgerClient client = new LedgerClient(ledger.http());
            List<String> failing = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                failing.add(client.send(LedgerClient.email("restart" + i + "@example.com", "Before the restart")));
            }
            String scheduled = client.send(Map.of("channel", "EMAIL", "recipient", "timer@example.com",
                    "subject", "Timer", "body", "Due soon", "sendAt", Instant.now().plus(Duration.ofSeconds(8)).toString()));
            for (String id : failing) {
                client.awaitStatus(id, "RETRY_SCHEDULED");
            }
            client.awaitStatus(scheduled, "SCHEDULED");
            ledger.stop();

            smtp.up();
            TestLedger restarted = new TestLedger(dataDir).withExternalSmtp(smtp.port());
            copyPorts(ledger, restarted);
            restarted.start();
            try {
                LedgerClient after = new LedgerClient(restarted.http());
                for (String id : failing) {
                    after.awaitStatus(id, "SENT");
                    assertThat(after.awaitAudit(id, t -> t.contains("NotificationSent")))
                            .startsWith("NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted",
                                    "DeliveryAttemptFailed", "RetryScheduled")
                            .endsWith("NotificationSent");
                    assertThat(smtp.mailsFor(id)).isEqualTo(1);
                }
                after.awaitStatus(scheduled, "SENT");
                assertThat(after.awaitAudit(scheduled, t -> t.contains("NotificationSent")))
                        .containsExactly("NotificationRequested", "NotificationScheduled", "NotificationQueued",
                                "DeliveryAttemptStarted", "NotificationSent");
                assertThat(smtp.mailsFor(scheduled)).isEqualTo(1);
            } finally {
                restarted.stop();
            }
        }
    }

    @Test
    void acceptedNotificationsAreDeliveredOnceWhenTheLedgerStopsAtOnce() {
        try (SmtpSink smtp = new SmtpSink().up()) {
            TestLedger ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start();
            LedgerClient client = new LedgerClient(ledger.http());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(client.send(LedgerClient.email("burst" + i + "@example.com", "Burst " + i)));
            }
            ledger.stop();

            TestLedger restarted = new TestLedger(dataDir).withExternalSmtp(smtp.port());
            copyPorts(ledger, restarted);
            restarted.start();
            try {
                LedgerClient after = new LedgerClient(restarted.http());
                for (String id : ids) {
                    after.awaitStatus(id, "SENT");
                    assertThat(smtp.mailsFor(id)).as("mails for %s", id).isEqualTo(1);
                    assertThat(after.awaitAudit(id, t -> t.contains("NotificationSent"))).containsOnlyOnce("NotificationSent");
                }
            } finally {
                restarted.stop();
            }
        }
    }

    /** The restarted ledger finds its Kafka broker and MongoDB stand-in on the ports it had. */
    private static void copyPorts(TestLedger from, TestLedger to) {
        for (String key : List.of("ledger.embedded.kafka.port", "ledger.embedded.kafka.controller-port",
                "ledger.embedded.mongo.port")) {
            to.with(key, from.setting(key));
        }
    }
}
