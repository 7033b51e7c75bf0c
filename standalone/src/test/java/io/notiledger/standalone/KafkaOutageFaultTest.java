package io.notiledger.standalone;

import io.notiledger.standalone.embedded.EmbeddedKafkaBroker;
import io.notiledger.standalone.embedded.EmbeddedProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event store is the outbox: while the Kafka broker is down, notifications are still accepted and
 * delivered, and once it is back every event reaches the views, none lost and none doubled.
 */
class KafkaOutageFaultTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path kafkaDir;

    @Test
    void eventsStoredWhileKafkaIsDownReachTheViewsWhenItReturns() throws Exception {
        EmbeddedProperties.Kafka brokerSettings =
                new EmbeddedProperties.Kafka(true, TestLedger.freePort(), TestLedger.freePort(), 3);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(kafkaDir, brokerSettings);
        try (SmtpSink smtp = new SmtpSink().up();
             TestLedger ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port())
                     .with("ledger.embedded.kafka.enabled", "false")
                     .with("axon.kafka.bootstrap-servers", broker.bootstrapServers())
                     .start()) {
            LedgerClient client = new LedgerClient(ledger.http());
            String before = client.send(LedgerClient.email("before@example.com", "Before the outage"));
            client.awaitStatus(before, "SENT");

            broker.close();
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(client.send(LedgerClient.email("during" + i + "@example.com", "During the outage")));
            }
            // delivery reads the event store, not Kafka: the mail goes out while the broker is down
            for (String id : during) {
                await().atMost(Duration.ofSeconds(30)).until(() -> smtp.mailsFor(id) == 1);
                assertThat(client.status(id).has("notificationId")).as("view of %s before Kafka returns", id).isFalse();
            }

            broker = new EmbeddedKafkaBroker(kafkaDir, brokerSettings);
            long backSince = System.nanoTime();
            List<String> accepted = new ArrayList<>(during);
            accepted.add(before);
            // the publisher backs off while the broker is away (up to a minute between tries)
            FaultFigures figures = FaultFigures.settle("kafka-down", accepted, client::state, Duration.ofMinutes(3))
                    .mailsTwice(smtp.mails().twice(accepted))
                    .report("views_caught_up_s=" + Duration.ofNanos(System.nanoTime() - backSince).toSeconds());
            assertThat(figures.sent()).isEqualTo(accepted.size());
            for (String id : during) {
                assertThat(client.awaitAudit(id, types -> types.contains("NotificationSent")))
                        .containsExactly("NotificationRequested", "NotificationQueued", "DeliveryAttemptStarted",
                                "NotificationSent");
                assertThat(smtp.mailsFor(id)).isEqualTo(1);
            }
            assertThat(client.auditTypes(before)).containsExactly("NotificationRequested", "NotificationQueued",
                    "DeliveryAttemptStarted", "NotificationSent");
        } finally {
            broker.close();
        }
    }
}
