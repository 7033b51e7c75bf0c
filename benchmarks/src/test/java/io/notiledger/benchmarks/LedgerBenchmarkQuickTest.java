package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark still works: a --quick run starts the standalone ledger as a process of its own (the jar
 * standalone/target holds), loads it, accounts for every notification, finds no mail sent twice or missing,
 * measures the ledger's CPU (JVM and PostgreSQL) and its round trips, and writes its figures. It asserts no
 * speed.
 */
class LedgerBenchmarkQuickTest {

    @TempDir
    Path out;

    @Test
    void quickRunAccountsForEveryNotificationAndWritesItsFigures() throws Exception {
        Path json = out.resolve("benchmark.json");
        BenchmarkReport report = LedgerBenchmark.run(BenchmarkOptions.parse("--quick", "--out", json.toString()));
        report.writeJson(json);

        assertThat(report.accepted()).isPositive();
        assertThat(report.acceptedIncludingWarmup()).isGreaterThanOrEqualTo(report.accepted());
        assertThat(report.unaccounted()).isZero();
        assertThat(report.duplicateMails()).isZero();
        assertThat(report.missingMails()).isZero();
        assertThat(report.errors()).isEmpty();
        assertThat(report.endToEndVisible().count()).isPositive();
        assertThat(report.publishLag().count()).isGreaterThanOrEqualTo(4 * report.accepted());
        assertThat(report.table()).contains("accepted", "end to end (SENT visible)", "unaccounted at the end",
                "ledger CPU per notification");

        assertThat(report.window().notifications()).isEqualTo(report.accepted());
        assertThat(report.window().jvmCpuMillis()).isPositive();
        assertThat(report.window().postgresCpuMillis()).isPositive();
        // seconds after its start the ledger's JIT compiler is still busy, and its share is part of the JVM's
        assertThat(report.window().jitCpuMillis()).isPositive().isLessThan(report.window().jvmCpuMillis());
        assertThat(report.window().compiledCpuMillis()).isLessThan(report.window().totalCpuMillis());
        // each notification is stored, published as 4 events, projected and mailed once
        assertThat(report.window().counters()).containsKeys("sql_statements", "commits", "kafka_records",
                "mongo_commands", "smtp_connections", "status_reads");
        // commands dispatched together commit together: a commit may carry several notifications' events
        assertThat(report.window().counters().get("commits")).isPositive();
        assertThat(report.window().counters().get("sql_statements")).isPositive();
        assertThat(report.window().counters().get("kafka_records")).isGreaterThanOrEqualTo(4);
        assertThat(report.window().counters().get("mongo_commands")).isPositive();
        // mails share pooled connections, which may all have been opened before the window: at most one each
        assertThat(report.window().counters().get("smtp_connections")).isBetween(0.0, 1.0);

        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.get("accepted").asLong()).isEqualTo(report.accepted());
        assertThat(written.get("unaccounted").asLong()).isZero();
        assertThat(written.get("accept_latency").has("p99_ms")).isTrue();
        assertThat(written.path("window").path("cpu_ms_per_notification").asDouble()).isPositive();
        assertThat(written.path("window").path("per_notification").has("kafka_records")).isTrue();
    }
}
