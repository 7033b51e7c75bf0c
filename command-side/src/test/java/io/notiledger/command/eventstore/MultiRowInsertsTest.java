package io.notiledger.command.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MultiRowInsertsTest {

    @Test
    void aPostgresPoolSendsBatchesAsMultiRowInserts() {
        HikariDataSource pool = pool("jdbc:postgresql://localhost:5432/ledger");

        MultiRowInserts.rewriteBatchedInserts(pool);

        assertThat(pool.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "true");
    }

    @Test
    void anOptionSetInTheUrlOrPropertiesIsKept() {
        HikariDataSource inUrl = pool("jdbc:postgresql://localhost:5432/ledger?reWriteBatchedInserts=false");
        HikariDataSource inProperties = pool("jdbc:postgresql://localhost:5432/ledger");
        inProperties.addDataSourceProperty("reWriteBatchedInserts", "false");

        MultiRowInserts.rewriteBatchedInserts(inUrl);
        MultiRowInserts.rewriteBatchedInserts(inProperties);

        assertThat(inUrl.getDataSourceProperties()).doesNotContainKey("reWriteBatchedInserts");
        assertThat(inProperties.getDataSourceProperties()).containsEntry("reWriteBatchedInserts", "false");
    }

    @Test
    void anotherDatabaseIsLeftAlone() {
        HikariDataSource pool = pool("jdbc:h2:mem:test");

        MultiRowInserts.rewriteBatchedInserts(pool);

        assertThat(pool.getDataSourceProperties()).isEmpty();
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        return pool;
    }
}
