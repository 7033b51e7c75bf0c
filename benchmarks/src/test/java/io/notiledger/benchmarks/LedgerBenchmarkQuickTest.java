package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark still works: a --quick run against the standalone ledger loads it, accounts for every
 * notification, finds no mail sent twice or missing, and writes its figures. It asserts no speed.
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
        assertThat(report.table()).contains("accepted", "end to end (SENT visible)", "unaccounted at the end");

        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.get("accepted").asLong()).isEqualTo(report.accepted());
        assertThat(written.get("unaccounted").asLong()).isZero();
        assertThat(written.get("accept_latency").has("p99_ms")).isTrue();
    }
}
