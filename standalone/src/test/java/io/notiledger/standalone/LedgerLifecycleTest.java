package io.notiledger.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The standalone ledger's process as an operator meets it: after {@code kill -9} its PostgreSQL outlives
 * the JVM and the next start stops it and carries on with the same data; SIGTERM ends the ledger and its
 * PostgreSQL within seconds; a start that fails ends the process with exit code 1 instead of hanging.
 */
class LedgerLifecycleTest {

    private static final Logger log = LoggerFactory.getLogger(LedgerLifecycleTest.class);

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @TempDir
    Path dataDir;
    private LedgerProcess ledger;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() throws Exception {
        if (ledger != null) {
            ledger.close();
        }
        postmaster().ifPresent(ProcessHandle::destroy);
    }

    @Test
    void aKilledLedgersPostgresIsStoppedByTheNextStartWhichKeepsEveryAcceptedRequest() throws Exception {
        ledger = newLedger().start(Duration.ofSeconds(180));
        String id = send("before the kill");
        long leftover = postmaster().orElseThrow().pid();

        ledger.kill();
        assertThat(ProcessHandle.of(leftover).filter(ProcessHandle::isAlive))
                .as("PostgreSQL outlives the JVM killed with kill -9").isPresent();

        ledger.start(Duration.ofSeconds(180));
        assertThat(ProcessHandle.of(leftover).filter(ProcessHandle::isAlive)).as("the leftover server").isEmpty();
        assertThat(postmaster().orElseThrow().pid()).isNotEqualTo(leftover);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/v1/notifications/" + id).statusCode() == 200);

        long started = System.nanoTime();
        assertThat(ledger.stop(Duration.ofSeconds(20))).as("the ledger ends within 20 s of SIGTERM").isTrue();
        log.info("lifecycle sigterm_to_exit_ms={}", (System.nanoTime() - started) / 1_000_000);
        assertThat(postmaster()).as("PostgreSQL stops with the ledger").isEmpty();
    }

    @Test
    void aStartThatFailsEndsTheProcessWithExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ledger = newLedger().with("ledger.embedded.mongo.port", Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> ledger.start(Duration.ofSeconds(180)))
                    .hasMessageContaining("exited with 1");
        }
        assertThat(dataDir.resolve("eventstore").resolve("PG_VERSION")).as("PostgreSQL had been started").exists();
        assertThat(postmaster()).as("the PostgreSQL it had started").isEmpty();
    }

    private LedgerProcess newLedger() {
        return new LedgerProcess(dataDir)
                .with("ledger.embedded.smtp.port", Integer.toString(TestLedger.freePort()))
                .with("ledger.embedded.smtp.imap-port", Integer.toString(TestLedger.freePort()))
                .with("ledger.embedded.smtp.pop3-port", Integer.toString(TestLedger.freePort()));
    }

    /** The server named by the event store's postmaster.pid, while it runs. */
    private Optional<ProcessHandle> postmaster() throws Exception {
        Path pidFile = dataDir.resolve("eventstore").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private String send(String subject) throws Exception {
        String body = """
                {"channel":"EMAIL","recipient":"lifecycle@example.com","subject":"%s","body":"hello"}"""
                .formatted(subject);
        HttpResponse<String> response = http.send(ledger.request("/v1/notifications")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        Matcher id = ID.matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        return id.group(1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(ledger.request(path).build(), HttpResponse.BodyHandlers.ofString());
    }
}
