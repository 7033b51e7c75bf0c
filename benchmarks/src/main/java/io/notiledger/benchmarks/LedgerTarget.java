package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notiledger.access.apikey.ApiKeySecrets;
import io.notiledger.standalone.StandaloneApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ledger under load: one started in this process (the standalone defaults), or a running one by URL. */
final class LedgerTarget implements AutoCloseable {

    private final String baseUrl;
    private final String kafka;
    private final Long pid;
    private final ConfigurableApplicationContext embedded;
    private final CountingSmtpSink smtp;
    private final Path dataDir;
    private final String apiKey;

    private LedgerTarget(String baseUrl, String kafka, Long pid, ConfigurableApplicationContext embedded,
                         CountingSmtpSink smtp, Path dataDir, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.kafka = kafka;
        this.pid = pid;
        this.embedded = embedded;
        this.smtp = smtp;
        this.dataDir = dataDir;
    }

    static LedgerTarget open(BenchmarkOptions options) throws IOException {
        if (options.url() != null) {
            // a sender key of the running ledger's, made by its operator (POST /admin/v1/api-keys)
            return new LedgerTarget(options.url().replaceAll("/$", ""), options.kafka(), options.ledgerPid(), null, null, null,
                    System.getenv("LEDGER_API_KEY"));
        }
        String adminKey = ApiKeySecrets.newSecret();
        Path dataDir = Files.createTempDirectory("ledger-benchmark-");
        CountingSmtpSink smtp = new CountingSmtpSink();
        ConfigurableApplicationContext context = StandaloneApplication.start(
                "--server.port=0",
                "--ledger.embedded.data-dir=" + dataDir,
                "--ledger.embedded.postgres.port=" + freePort(),
                "--ledger.embedded.kafka.port=" + freePort(),
                "--ledger.embedded.kafka.controller-port=" + freePort(),
                "--ledger.embedded.mongo.port=" + freePort(),
                "--ledger.embedded.smtp.enabled=false",
                "--ledger.delivery.email.port=" + smtp.port(),
                "--ledger.security.admin-key=" + adminKey,
                "--logging.level.root=WARN");
        String baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        return new LedgerTarget(baseUrl, context.getEnvironment().getProperty("axon.kafka.bootstrap-servers"),
                ProcessHandle.current().pid(), context, smtp, dataDir, senderKey(baseUrl, adminKey));
    }

    /** Makes the key the load is sent with: tenant {@code benchmark}, role sender. */
    private static String senderKey(String baseUrl, String adminKey) throws IOException {
        try {
            HttpResponse<String> made = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/v1/api-keys"))
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"benchmark\",\"roles\":[\"sender\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (made.statusCode() != 201) {
                throw new IOException("The ledger made no API key: " + made.statusCode() + " " + made.body());
            }
            return new ObjectMapper().readTree(made.body()).get("key").asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while making an API key", e);
        }
    }

    /** The key requests and reads are sent with, if any. */
    Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    String baseUrl() {
        return baseUrl;
    }

    Optional<String> kafka() {
        return Optional.ofNullable(kafka);
    }

    Optional<Long> pid() {
        return Optional.ofNullable(pid);
    }

    /** The embedded PostgreSQL server, which runs as a process of its own (its pid from its postmaster.pid). */
    List<Long> companionPids() {
        if (dataDir == null) {
            return List.of();
        }
        try {
            return List.of(Long.parseLong(Files.readAllLines(dataDir.resolve("eventstore").resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException noEmbeddedServer) {
            return List.of();
        }
    }

    String description() {
        return embedded != null ? "standalone ledger in the benchmark's process (embedded Kafka, PostgreSQL, MongoDB stand-in; counting SMTP sink)"
                : "running ledger at " + baseUrl;
    }

    /** Mails the SMTP sink received, per notification id (empty when the ledger is not ours). */
    Optional<Map<String, Integer>> mailsPerNotification() {
        return Optional.ofNullable(smtp).map(CountingSmtpSink::mailsPerNotification);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (dataDir != null) {
            // a saturation run leaves hundreds of megabytes of event store, topic and views behind
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
