package io.notiledger.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger with PostgreSQL as its store of record (the production choice), against the machine's
 * server: schema created on start, events, tokens and deadlines kept there.
 */
class PostgresLedgerTest {

    @TempDir
    static Path dataDir;
    static PostgresSchema schema;
    static SmtpSink smtp;
    static TestLedger ledger;
    static LedgerClient client;

    @BeforeAll
    static void start() throws Exception {
        schema = new PostgresSchema();
        smtp = new SmtpSink().up();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port())
                .with("ledger.embedded.postgres.enabled", "false")
                .with("spring.datasource.url", schema.jdbcUrl())
                .with("spring.datasource.username", schema.user())
                .with("spring.datasource.password", schema.password())
                .start();
        client = new LedgerClient(ledger.http());
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        smtp.close();
        schema.close();
    }

    @Test
    void eventsOfADeliveredNotificationAreStoredInPostgres() throws Exception {
        String id = client.send(LedgerClient.email("pg@example.com", "Stored in PostgreSQL"));
        client.awaitStatus(id, "SENT");
        assertThat(smtp.mailsFor(id)).isEqualTo(1);

        List<String> stored = new ArrayList<>();
        try (Connection connection = schema.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT payloadType, payloadRevision FROM domainevententry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1).substring("io.notiledger.api.event.".length()) + " revision " + rows.getString(2));
                }
            }
        }
        assertThat(stored).containsExactly("NotificationRequestedEvent revision 1", "NotificationQueuedEvent revision 1",
                "DeliveryAttemptStartedEvent revision 1", "NotificationSentEvent revision 2");
    }

    @Test
    void processorTokensLiveNextToTheEvents() throws Exception {
        String id = client.send(LedgerClient.email("tokens@example.com", "Tokens"));
        client.awaitStatus(id, "SENT");
        List<String> processors = new ArrayList<>();
        try (Connection connection = schema.connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT DISTINCT processorName FROM tokenentry")) {
            while (rows.next()) {
                processors.add(rows.getString(1));
            }
        }
        assertThat(processors).contains("kafka-publisher", "delivery");
    }

    @Test
    void concurrentFirstRequestsWithOneKeyCreateOneNotification() throws Exception {
        String id = IdempotencyRace.run(client, 8);
        assertThat(smtp.mailsFor(id)).isEqualTo(1);
    }
}
