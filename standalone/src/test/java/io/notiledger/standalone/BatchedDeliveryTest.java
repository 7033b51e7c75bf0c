package io.notiledger.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery a batch at a time, counted at a real SMTP server: many mails share a connection, each notification
 * is mailed once, and the attempt timeouts are gone once their outcomes are recorded.
 */
class BatchedDeliveryTest {

    private static final int CLIENTS = 16;
    private static final int NOTIFICATIONS = 200;

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
    void manyMailsShareAConnectionEachIsMailedOnceAndNoAttemptTimeoutIsLeft() throws Exception {
        LedgerClient client = new LedgerClient(ledger.http());
        List<String> ids = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < NOTIFICATIONS; i++) {
                int n = i;
                sent.add(clients.submit(() -> client.send(LedgerClient.email("batch" + n + "@example.com", "Batch " + n))));
            }
            for (Future<String> id : sent) {
                ids.add(id.get());
            }
        } finally {
            clients.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    MailCounter mails = smtp.mails();
                    return ids.stream().allMatch(id -> mails.mailsFor(id) > 0);
                });
        Set<String> notYetSent = new HashSet<>(ids);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    notYetSent.removeIf(id -> "SENT".equals(client.state(id)));
                    return notYetSent.isEmpty();
                });

        MailCounter mails = smtp.mails();
        assertThat(mails.total()).isEqualTo(NOTIFICATIONS);
        assertThat(mails.twice(ids)).isZero();
        // four delivery segments keep a connection each; one per mail would be 200
        assertThat(smtp.connections()).as("SMTP connections for %d mails", NOTIFICATIONS).isLessThanOrEqualTo(20);
        // each outcome cancelled its attempt timeout (they would wait 60 s otherwise), and no retry is due
        assertThat(ledger.scheduledTimers()).isZero();
    }
}
