package io.notiledger.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's appends reach the embedded PostgreSQL as multi-row INSERTs: a request's two events (requested,
 * queued) are one statement, as a group commit's events are, counted by the server's {@code pg_stat_statements}.
 */
class MultiRowAppendTest {

    private static final String MULTI_ROW_EVENT_INSERTS = "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements "
            + "WHERE query ILIKE 'insert into domainevententry%' AND query ~* 'values\\s*\\([^)]*\\)\\s*,\\s*\\('";

    @TempDir
    static Path dataDir;
    static SmtpSink smtp;
    static TestLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        smtp = new SmtpSink().up();
        ledger = new TestLedger(dataDir).withExternalSmtp(smtp.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        smtp.close();
    }

    @Test
    void aRequestsEventsAreAppendedInOneMultiRowInsert() {
        JdbcTemplate jdbc = ledger.bean(JdbcTemplate.class);
        long before = jdbc.queryForObject(MULTI_ROW_EVENT_INSERTS, Long.class);

        new LedgerClient(ledger.http()).send(LedgerClient.email("rows@example.com", "Two events, one statement"));

        assertThat(jdbc.queryForObject(MULTI_ROW_EVENT_INSERTS, Long.class)).isGreaterThan(before);
    }
}
