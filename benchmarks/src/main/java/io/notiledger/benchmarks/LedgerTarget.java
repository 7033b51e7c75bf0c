package io.notiledger.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The ledger under load, always in a process of its own: the standalone ledger's jar started by the benchmark
 * (on a fresh data directory, mail to the benchmark's counting SMTP sink), or a running ledger by URL. The
 * load generator, the probes and the sink stay in the benchmark's process, so the ledger's CPU is the ledger's.
 */
final class LedgerTarget implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String kafka;
    private final Long pid;
    private final Long postgresPid;
    private final String apiKey;
    private final String operatorKey;
    private final Process ledger;
    private final CountingSmtpSink smtp;
    private final Path dataDir;
    private final String description;

    private LedgerTarget(String baseUrl, String kafka, Long pid, Long postgresPid, String apiKey, String operatorKey,
                         Process ledger, CountingSmtpSink smtp, Path dataDir, String description) {
        this.baseUrl = baseUrl;
        this.kafka = kafka;
        this.pid = pid;
        this.postgresPid = postgresPid;
        this.apiKey = apiKey;
        this.operatorKey = operatorKey;
        this.ledger = ledger;
        this.smtp = smtp;
        this.dataDir = dataDir;
        this.description = description;
    }

    static LedgerTarget open(BenchmarkOptions options) throws IOException, InterruptedException {
        if (options.url() != null) {
            return new LedgerTarget(options.url().replaceAll("/$", ""), options.kafka(), options.ledgerPid(),
                    options.postgresPid(), options.apiKey(), options.operatorKey(), null, null, null,
                    "running ledger at " + options.url());
        }
        Path jar = options.ledgerJar() != null ? options.ledgerJar() : findStandaloneJar();
        Path dataDir = Files.createTempDirectory("ledger-benchmark-");
        CountingSmtpSink smtp = new CountingSmtpSink();
        // a ledger of ours accepts the operator key we give it; the load goes with a sender key it makes
        String adminKey = "nl_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        int httpPort = freePort();
        int kafkaPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(javaOptions());
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + httpPort,
                "--ledger.embedded.data-dir=" + dataDir,
                "--ledger.embedded.postgres.port=" + freePort(),
                "--ledger.embedded.kafka.port=" + kafkaPort,
                "--ledger.embedded.kafka.controller-port=" + freePort(),
                "--ledger.embedded.mongo.port=" + freePort(),
                "--ledger.embedded.smtp.enabled=false",
                "--ledger.delivery.email.port=" + smtp.port(),
                "--logging.level.root=WARN"));
        Path log = logFile(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("LEDGER_ADMIN_KEY", adminKey);
        Process ledger = builder.start();
        String baseUrl = "http://127.0.0.1:" + httpPort;
        try {
            awaitReady(ledger, baseUrl, log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(ledger, postmasterOf(dataDir), smtp, dataDir);
            throw e;
        }
        String apiKey;
        try {
            apiKey = options.apiKey() != null ? options.apiKey() : senderKey(baseUrl, adminKey);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(ledger, postmasterOf(dataDir), smtp, dataDir);
            throw e;
        }
        return new LedgerTarget(baseUrl, "127.0.0.1:" + kafkaPort, ledger.pid(), postmasterOf(dataDir), apiKey, adminKey, ledger,
                smtp, dataDir, "standalone ledger " + jar.getFileName() + " in its own process (embedded Kafka, "
                + "PostgreSQL, MongoDB stand-in; counting SMTP sink in the benchmark's process; its log: " + log + ")");
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

    Optional<Long> postgresPid() {
        return Optional.ofNullable(postgresPid);
    }

    /** The key the load and the status probe send with (role sender). */
    Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** The key the ledger's meters are read with (role operator). */
    Optional<String> operatorKey() {
        return Optional.ofNullable(operatorKey);
    }

    /** Makes the key the load is sent with: tenant {@code benchmark}, role sender. */
    private static String senderKey(String baseUrl, String adminKey) throws IOException, InterruptedException {
        HttpResponse<String> made = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/v1/api-keys"))
                        .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"benchmark\",\"roles\":[\"sender\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (made.statusCode() != 201) {
            throw new IOException("The ledger refused to make the benchmark's sender key: " + made.statusCode() + " " + made.body());
        }
        return new ObjectMapper().readTree(made.body()).get("key").asText();
    }

    String description() {
        return description;
    }

    /** Mails the SMTP sink received, per notification id (empty when the ledger is not ours). */
    Optional<Map<String, Integer>> mailsPerNotification() {
        return Optional.ofNullable(smtp).map(CountingSmtpSink::mailsPerNotification);
    }

    /** SMTP connections the sink accepted so far (empty when the ledger is not ours). */
    Optional<Long> smtpConnections() {
        return Optional.ofNullable(smtp).map(CountingSmtpSink::connections);
    }

    @Override
    public void close() throws IOException {
        stop(ledger, postgresPid, smtp, dataDir);
    }

    private static void stop(Process ledger, Long postgresPid, CountingSmtpSink smtp, Path dataDir) throws IOException {
        if (ledger != null) {
            ledger.destroy(); // SIGTERM: the ledger stops its PostgreSQL too
            try {
                if (!ledger.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    ledger.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // after a forced stop the embedded PostgreSQL outlives its ledger
            if (postgresPid != null) {
                ProcessHandle.of(postgresPid).ifPresent(ProcessHandle::destroy);
            }
        }
        if (smtp != null) {
            smtp.close();
        }
        if (dataDir != null) {
            // a saturation run leaves hundreds of megabytes of event store, topic and views behind
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** JVM options for the ledger: LEDGER_JAVA_OPTS (for example a JFR recording), by default a 2 GiB heap. */
    private static List<String> javaOptions() {
        String options = System.getenv("LEDGER_JAVA_OPTS");
        if (options == null || options.isBlank()) {
            return List.of("-Xmx2g");
        }
        return List.of(options.trim().split("\\s+"));
    }

    private static Path logFile(BenchmarkOptions options) throws IOException {
        Path out = options.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        return out.resolveSibling("ledger.log");
    }

    /** The jar `./mvnw package` builds in standalone/target, looked for from the working directory up. */
    private static Path findStandaloneJar() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve("standalone").resolve("target");
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "standalone-*-exec.jar")) {
                    for (Path jar : jars) {
                        return jar;
                    }
                }
            }
        }
        throw new IOException("No standalone/target/standalone-*-exec.jar found: build it with ./mvnw -pl standalone -am package, or give --ledger-jar");
    }

    private static void awaitReady(Process ledger, String baseUrl, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!ledger.isAlive()) {
                throw new IOException("The ledger ended with exit code " + ledger.exitValue() + " while starting; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IOException("The ledger did not become healthy within " + START_TIMEOUT + "; see " + log);
    }

    /** The embedded PostgreSQL's postmaster, from its data directory's postmaster.pid. */
    private static Long postmasterOf(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("eventstore").resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException noEmbeddedServer) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
