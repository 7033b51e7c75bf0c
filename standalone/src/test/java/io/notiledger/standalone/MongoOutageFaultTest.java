package io.notiledger.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB, where the views live, goes away for a while and then refuses every write for a while. The
 * ledger keeps taking and delivering notifications (neither needs the views); the views stand still and
 * catch up when MongoDB is back, every event applied once: nothing lost, nothing doubled in the audit.
 */
class MongoOutageFaultTest {

    private static final List<String> DELIVERED_ONCE = List.of("NotificationRequested", "NotificationQueued",
            "DeliveryAttemptStarted", "NotificationSent");

    @TempDir
    Path dataDir;

    @Test
    void viewsCatchUpAfterMongoWasDownAndAfterItRefusedWrites() throws Exception {
        try (SmtpSink smtp = new SmtpSink().up();
             MongoStandIn mongo = new MongoStandIn().up();
             TestLedger ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port())
                     .with("ledger.embedded.mongo.enabled", "false")
                     .with("spring.data.mongodb.uri", mongo.uri("notiledger"))
                     .start()) {
            LedgerClient client = new LedgerClient(ledger.http());
            List<String> accepted = new ArrayList<>(send(client, 5, "before"));
            accepted.forEach(id -> client.awaitStatus(id, "SENT"));

            mongo.down();
            List<String> whileDown = send(client, 20, "down");
            accepted.addAll(whileDown);
            // delivery works from the event store: the mails go out while the views cannot be written
            await().atMost(Duration.ofSeconds(30)).until(() -> whileDown.stream().allMatch(id -> smtp.mailsFor(id) == 1));
            // the outage lasts 10 s more; all along, delivery sends nothing twice
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                    .until(() -> whileDown.stream().allMatch(id -> smtp.mailsFor(id) == 1));
            mongo.up();
            long back = System.nanoTime();
            FaultFigures down = FaultFigures.settle("mongo-down", whileDown, client::state, Duration.ofSeconds(90))
                    .mailsTwice(smtp.mails().twice(whileDown)).report("caught_up_s=" + secondsSince(back));
            assertThat(down.lost()).isZero();

            mongo.refuseWrites(true);
            List<String> whileRefusing = send(client, 20, "refused");
            accepted.addAll(whileRefusing);
            await().atMost(Duration.ofSeconds(30)).until(() -> whileRefusing.stream().allMatch(id -> smtp.mailsFor(id) == 1));
            // for 5 s of refused writes the status view shows none of them
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                    .until(() -> whileRefusing.stream().allMatch(id -> client.state(id) == null));
            assertThat(mongo.refusedWrites()).as("writes the stand-in refused").isPositive();
            mongo.refuseWrites(false);
            long writable = System.nanoTime();
            FaultFigures refusing = FaultFigures.settle("mongo-refusing-writes", whileRefusing, client::state,
                    Duration.ofSeconds(90)).mailsTwice(smtp.mails().twice(whileRefusing))
                    .report("refused_writes=" + mongo.refusedWrites(), "caught_up_s=" + secondsSince(writable));
            assertThat(refusing.lost()).isZero();

            FaultFigures all = FaultFigures.settle("mongo-all", accepted, client::state, Duration.ofSeconds(30));
            assertThat(all.sent()).isEqualTo(accepted.size());
            for (String id : accepted) {
                assertThat(client.awaitAudit(id, types -> types.contains("NotificationSent")))
                        .as("audit of %s", id).containsExactlyElementsOf(DELIVERED_ONCE);
                assertThat(smtp.mailsFor(id)).as("mails of %s", id).isEqualTo(1);
            }
        }
    }

    private static long secondsSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }

    private static List<String> send(LedgerClient client, int count, String name) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.send(LedgerClient.email(name + i + "@example.com", "While MongoDB is " + name)));
        }
        return ids;
    }
}
