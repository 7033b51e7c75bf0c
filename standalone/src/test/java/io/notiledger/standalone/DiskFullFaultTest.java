package io.notiledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The disk under the event store fills up: requests are refused with 503 problem+json and Retry-After
 * instead of 500, health says DOWN, nothing acknowledged is lost, and once space is freed the ledger takes
 * requests again by itself, without a restart. The event store's directory is a small tmpfs of the test's
 * (mounting needs root, as on the CI machine; elsewhere the test is skipped and says why).
 */
class DiskFullFaultTest {

    @TempDir
    Path dataDir;
    private Path storeDir;
    private boolean mounted;
    private TestLedger ledger;
    private LedgerClient client;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        storeDir = Files.createDirectories(dataDir.resolve("eventstore"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", storeDir.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        mounted = mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, "needs permission to mount a tmpfs (root): " + output.strip());
        ledger = new TestLedger(dataDir).start();
        client = new LedgerClient(ledger.http());
    }

    @AfterEach
    void unmount() throws Exception {
        if (ledger != null) {
            ledger.close();
        }
        if (mounted) {
            new ProcessBuilder("umount", "-l", storeDir.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskIsRefusedWith503AndTheLedgerRecoversWhenSpaceReturns() throws Exception {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(client.send(LedgerClient.email("before" + i + "@example.com", "Before the disk filled")));
        }
        client.awaitStatus(accepted.get(4), "SENT");

        Path filler = storeDir.resolve("filler");
        fill(filler);
        int refused = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode problem = null;
        String retryAfter = null;
        while (System.nanoTime() < deadline && problem == null) {
            var answer = post("full" + refused + "@example.com");
            if (answer.getStatus().value() == 202) {
                accepted.add(answer.getResponseBody().get("id").asText());
                fill(filler); // the database found some space of its own; take it too
                continue;
            }
            assertThat(answer.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            problem = answer.getResponseBody();
            retryAfter = answer.getResponseHeaders().getFirst("Retry-After");
            refused++;
        }
        assertThat(problem).as("a request refused while the disk is full").isNotNull();
        assertThat(problem.get("code").asText()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(retryAfter).isNotBlank();
        ledger.http().get().uri("/actuator/health").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        Files.delete(filler);
        String afterwards = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    var answer = post("after@example.com");
                    return answer.getStatus().value() == 202 ? answer.getResponseBody().get("id").asText() : null;
                }, id -> id != null);
        accepted.add(afterwards);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                ledger.http().get().uri("/actuator/health").exchange().expectStatus().isOk());
        FaultFigures figures = FaultFigures.settle("disk-full", accepted, client::state, Duration.ofSeconds(60))
                .report("refused_503=" + refused);
        assertThat(figures.sent()).isEqualTo(accepted.size());
    }

    private org.springframework.test.web.reactive.server.EntityExchangeResult<JsonNode> post(String recipient) {
        return ledger.http().post().uri("/v1/notifications").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(LedgerClient.email(recipient, "While the disk is full")).exchange()
                .expectBody(JsonNode.class).returnResult();
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }
}
