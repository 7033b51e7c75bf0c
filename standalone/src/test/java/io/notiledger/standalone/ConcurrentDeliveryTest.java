package io.notiledger.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Delivery at 16 threads on 16 segments with 16 command workers, under requests from 16 clients, on a
 * connection pool smaller than those threads together: every notification is mailed once and reaches SENT,
 * and every JDBC connection stays with the thread that borrowed it.
 * <p>
 * Each delivery thread used to hold a pooled connection (its batch's transaction) for as long as it waited on
 * its commands and the SMTP server, while those commands needed connections of their own; and a command
 * whose transaction could not get a connection never answered, so its delivery thread waited for ever
 * holding its connection, and the notification was never sent.
 */
class ConcurrentDeliveryTest {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentDeliveryTest.class);
    private static final int CLIENTS = 16;
    private static final int NOTIFICATIONS = 320;

    @TempDir
    static Path dataDir;
    static SmtpSink smtp;
    static TestLedger ledger;

    @BeforeAll
    static void start() {
        ConnectionOwnership.reset();
        smtp = new SmtpSink().up();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port())
                .with("spring.main.sources", ConnectionOwnership.class.getName())
                .with("ledger.command.processors.delivery.threads", "16")
                .with("ledger.command.processors.delivery.segments", "16")
                .with("ledger.command-bus.threads", "16")
                .with("spring.datasource.hikari.maximum-pool-size", "8")
                .with("spring.datasource.hikari.connection-timeout", "2000")
                .start();
    }

    @AfterAll
    static void stop() {
        ledger.close();
        smtp.close();
    }

    @Test
    void everyConnectionStaysWithItsThreadAndEveryNotificationIsMailedOnce() throws Exception {
        LedgerClient client = new LedgerClient(ledger.http());
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < NOTIFICATIONS; i++) {
                int n = i;
                sent.add(clients.submit(() -> client.send(LedgerClient.email("load" + n + "@example.com", "Load " + n))));
            }
            for (Future<String> id : sent) {
                ids.add(id.get());
            }
        } finally {
            clients.shutdownNow();
        }

        log.info("{} notifications accepted after {} ms", ids.size(), (System.nanoTime() - start) / 1_000_000);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    MailCounter mails = smtp.mails();
                    return ids.stream().allMatch(id -> mails.mailsFor(id) > 0);
                });
        log.info("all mailed after {} ms", (System.nanoTime() - start) / 1_000_000);
        Set<String> notYetSent = new HashSet<>(ids);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    notYetSent.removeIf(id -> "SENT".equals(client.state(id)));
                    return notYetSent.isEmpty();
                });
        log.info("all SENT in the status view after {} ms", (System.nanoTime() - start) / 1_000_000);

        assertThat(ConnectionOwnership.foreignUses()).as("connections used by a thread that did not borrow them")
                .isEmpty();
        MailCounter mails = smtp.mails();
        assertThat(mails.twice(ids)).isZero();
        assertThat(mails.total()).isEqualTo(NOTIFICATIONS);
    }
}
